package io.kdss.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --key=value} options of a suite, with defaults. */
public final class BenchArgs {

  private final Map<String, String> values = new LinkedHashMap<>();

  public BenchArgs(String[] args) {
    for (String a : args) {
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("options look like --key=value, got '" + a + "'");
      }
      int eq = a.indexOf('=');
      values.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "true" : a.substring(eq + 1));
    }
  }

  public String get(String key, String defaultValue) {
    return values.getOrDefault(key, defaultValue);
  }

  public int integer(String key, int defaultValue) {
    return Integer.parseInt(get(key, String.valueOf(defaultValue)));
  }

  public boolean flag(String key) {
    return Boolean.parseBoolean(get(key, "false"));
  }

  /** True for a short run (CI smoke of the benchmark code itself, not a measurement). */
  public boolean quick() {
    return flag("quick");
  }
}
