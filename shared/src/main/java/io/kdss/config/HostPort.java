package io.kdss.config;

/** A {@code host:port} address as written in configs and on the wire. */
public record HostPort(String host, int port) {

  public static HostPort parse(String text, String key) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new ConfigException(key, "'" + text + "' is not host:port");
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "'" + text + "' has no numeric port");
    }
    if (port < 1 || port > 65535) {
      throw new ConfigException(key, "'" + text + "' has port " + port + " outside 1-65535");
    }
    return new HostPort(text.substring(0, colon), port);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
