package io.kdss.s3;

import io.kdss.config.ConfigSection;

/** The S3 gateway's settings ({@code s3:} in a node config). */
public final class S3Options {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9000;
  public static final String DEFAULT_REGION = "us-east-1";

  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private String region = DEFAULT_REGION;

  public S3Options() {
  }

  public S3Options(ConfigSection s) {
    host = s.string("host", DEFAULT_HOST);
    port = s.port("port", DEFAULT_PORT, true);
    region = s.string("region", DEFAULT_REGION);
    s.finish();
  }

  public String host() {
    return host;
  }

  public S3Options setHost(String host) {
    this.host = host;
    return this;
  }

  public int port() {
    return port;
  }

  public S3Options setPort(int port) {
    this.port = port;
    return this;
  }

  public String region() {
    return region;
  }

  public S3Options setRegion(String region) {
    this.region = region;
    return this;
  }
}
