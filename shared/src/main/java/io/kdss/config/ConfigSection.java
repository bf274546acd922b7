package io.kdss.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One mapping of a YAML node configuration, read strictly: each typed getter checks the
 * value, and {@link #finish()} rejects every key no getter asked for, so a typo stops the
 * node with the key's name instead of being silently ignored.
 */
public final class ConfigSection {

  private final String path;
  private final Map<String, Object> values;
  private final Set<String> read = new LinkedHashSet<>();

  private ConfigSection(String path, Map<String, Object> values) {
    this.path = path;
    this.values = values;
  }

  public static ConfigSection root(Map<String, Object> values) {
    return new ConfigSection("", values == null ? Map.of() : values);
  }

  /** The section's dotted path, empty for the root. */
  public String path() {
    return path;
  }

  public boolean has(String key) {
    return values.containsKey(key) && values.get(key) != null;
  }

  public String string(String key, String defaultValue) {
    Object v = take(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Map || v instanceof List) {
      throw new ConfigException(keyPath(key), "expected a text value, found " + describe(v));
    }
    return String.valueOf(v);
  }

  public String requiredString(String key) {
    String v = string(key, null);
    if (v == null || v.isBlank()) {
      throw new ConfigException(keyPath(key), "is required");
    }
    return v;
  }

  public long number(String key, long defaultValue, long min, long max) {
    Object v = take(key);
    if (v == null) {
      return defaultValue;
    }
    long n;
    if (v instanceof Number num && !(v instanceof Double) && !(v instanceof Float)) {
      n = num.longValue();
    } else {
      try {
        n = Long.parseLong(String.valueOf(v).trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(keyPath(key), "expected a whole number, found '" + v + "'");
      }
    }
    if (n < min || n > max) {
      throw new ConfigException(keyPath(key), n + " is out of range [" + min + ", " + max + "]");
    }
    return n;
  }

  public int integer(String key, int defaultValue, int min, int max) {
    return (int) number(key, defaultValue, min, max);
  }

  /** A TCP port: 1..65535, or 0 where {@code allowEphemeral} (tests bind a free port). */
  public int port(String key, int defaultValue, boolean allowEphemeral) {
    Object v = values.get(key);
    if (v != null && !(v instanceof Number) && !String.valueOf(v).trim().matches("\\d+")) {
      take(key);
      throw new ConfigException(keyPath(key), "expected a port number, found '" + v + "'");
    }
    long n = number(key, defaultValue, Integer.MIN_VALUE, Integer.MAX_VALUE);
    if (n > 65535 || n < (allowEphemeral ? 0 : 1)) {
      throw new ConfigException(keyPath(key), n + " is not a valid port (1-65535)");
    }
    return (int) n;
  }

  /** A size such as {@code 4096}, {@code 64MiB}, {@code 8GiB} or {@code 1TB}, in bytes. */
  public long bytes(String key, long defaultValue) {
    Object v = take(key);
    if (v == null) {
      return defaultValue;
    }
    try {
      return ByteSize.parse(String.valueOf(v));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(keyPath(key), e.getMessage());
    }
  }

  public boolean bool(String key, boolean defaultValue) {
    Object v = take(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new ConfigException(keyPath(key), "expected true or false, found '" + v + "'");
    };
  }

  /** One of {@code allowed}, compared case-insensitively, returned as written in {@code allowed}. */
  public String oneOf(String key, String defaultValue, List<String> allowed) {
    String v = string(key, null);
    if (v == null) {
      return defaultValue;
    }
    for (String a : allowed) {
      if (a.equalsIgnoreCase(v.trim())) {
        return a;
      }
    }
    throw new ConfigException(keyPath(key), "'" + v + "' is not one of " + allowed);
  }

  public List<String> strings(String key, List<String> defaultValue) {
    Object v = take(key);
    if (v == null) {
      return defaultValue;
    }
    if (!(v instanceof List<?> list)) {
      if (v instanceof Map) {
        throw new ConfigException(keyPath(key), "expected a list, found a mapping");
      }
      return List.of(String.valueOf(v));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      if (item == null || item instanceof Map || item instanceof List) {
        throw new ConfigException(keyPath(key) + "[" + i + "]", "expected a text value, found " + describe(item));
      }
      out.add(String.valueOf(item));
    }
    return Collections.unmodifiableList(out);
  }

  /** A nested mapping; an absent key gives an empty section (all defaults). */
  @SuppressWarnings("unchecked")
  public ConfigSection section(String key) {
    Object v = take(key);
    if (v == null) {
      return new ConfigSection(keyPath(key), Map.of());
    }
    if (!(v instanceof Map)) {
      throw new ConfigException(keyPath(key), "expected a mapping, found " + describe(v));
    }
    return new ConfigSection(keyPath(key), (Map<String, Object>) v);
  }

  /** A list of mappings, such as {@code storage.disks}. */
  @SuppressWarnings("unchecked")
  public List<ConfigSection> sections(String key) {
    Object v = take(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw new ConfigException(keyPath(key), "expected a list, found " + describe(v));
    }
    List<ConfigSection> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      String p = keyPath(key) + "[" + i + "]";
      if (item instanceof String s) {
        out.add(new ConfigSection(p, Map.of("path", s)));
      } else if (item instanceof Map) {
        out.add(new ConfigSection(p, (Map<String, Object>) item));
      } else {
        throw new ConfigException(p, "expected a mapping, found " + describe(item));
      }
    }
    return out;
  }

  /** Marks a key as known without reading it (another component reads it). */
  public void skip(String key) {
    read.add(key);
  }

  /** Fails on the first key that no getter read, suggesting the closest known key. */
  public void finish() {
    for (String key : values.keySet()) {
      if (!read.contains(key)) {
        String hint = KeyHints.closest(key, read);
        throw new ConfigException(keyPath(key), "unknown key" + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
      }
    }
  }

  /** A copy of the raw values, for sections handed on unparsed. */
  public Map<String, Object> raw() {
    return new LinkedHashMap<>(values);
  }

  public String keyPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private Object take(String key) {
    read.add(key);
    return values.get(key);
  }

  private static String describe(Object v) {
    if (v == null) {
      return "nothing";
    }
    if (v instanceof Map) {
      return "a mapping";
    }
    if (v instanceof List) {
      return "a list";
    }
    return "'" + v + "'";
  }
}
