package io.kdss.dashboard;

import io.kdss.config.ConfigSection;

/** The dashboard's settings ({@code dashboard:} in a node config). */
public final class DashboardOptions {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9001;

  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;

  public DashboardOptions() {
  }

  public DashboardOptions(ConfigSection s) {
    host = s.string("host", DEFAULT_HOST);
    port = s.port("port", DEFAULT_PORT, true);
    s.finish();
  }

  public String host() {
    return host;
  }

  public DashboardOptions setHost(String host) {
    this.host = host;
    return this;
  }

  public int port() {
    return port;
  }

  public DashboardOptions setPort(int port) {
    this.port = port;
    return this;
  }
}
