package io.kdss.config;

/**
 * A node configuration that cannot be used. The message names the offending key by its
 * full dotted path ({@code storage.disks[1].path}) and says what to fix.
 */
public final class ConfigException extends RuntimeException {

  private final String key;

  public ConfigException(String key, String problem) {
    super(key.isEmpty() ? problem : "config key '" + key + "': " + problem);
    this.key = key;
  }

  /** The dotted path of the key at fault, empty for a whole-file problem. */
  public String key() {
    return key;
  }
}
