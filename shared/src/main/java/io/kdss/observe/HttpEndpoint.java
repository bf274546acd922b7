package io.kdss.observe;

/** Formats the start-up banner line of one endpoint: {@code "S3 API      http://127.0.0.1:9000"}. */
public final class HttpEndpoint {

  private HttpEndpoint() {
  }

  public static String line(String what, String scheme, String host, int port) {
    return String.format("%-12s%s://%s:%d", what, scheme, host, port);
  }
}
