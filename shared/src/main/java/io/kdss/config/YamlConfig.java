package io.kdss.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/** Reads a node configuration file into plain maps and lists. */
public final class YamlConfig {

  private YamlConfig() {
  }

  public static Map<String, Object> load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (NoSuchFileException e) {
      throw new ConfigException("", "config file " + file + " does not exist");
    } catch (IOException e) {
      throw new ConfigException("", "cannot read config file " + file + ": " + e.getMessage());
    }
  }

  public static Map<String, Object> parse(InputStream in, String name) {
    LoadSettings settings = LoadSettings.builder().setLabel(name).setAllowDuplicateKeys(false).build();
    Object doc;
    try {
      doc = new Load(settings).loadFromInputStream(in);
    } catch (YamlEngineException e) {
      throw new ConfigException("", "config file " + name + " is not valid YAML: " + e.getMessage());
    }
    if (doc == null) {
      return new java.util.LinkedHashMap<>();
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new ConfigException("", "config file " + name + " must be a YAML mapping at the top level");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) map;
    return m;
  }
}
