package io.kdss.node;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version this binary was built as (from kdss-build.properties, filtered by Maven). */
public final class BuildInfo {

  private static final Properties PROPS = load();

  private BuildInfo() {
  }

  public static String version() {
    return PROPS.getProperty("version", "dev");
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/kdss-build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // No build info: version() reports "dev".
    }
    return p;
  }
}
