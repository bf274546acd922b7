package io.kdss.s3;

import io.kdss.client.ClientOptions;
import io.kdss.config.ConfigSection;
import java.util.List;

/** The S3 gateway's settings ({@code s3:} in a node config). */
public final class S3Options {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9000;
  public static final String DEFAULT_REGION = "us-east-1";
  /**
   * Base domains of virtual-host-style addressing: {@code BUCKET.DOMAIN[:port]} names BUCKET.
   * Any other Host (an IP address, a bare domain) means path-style {@code /BUCKET/KEY}.
   */
  public static final List<String> DEFAULT_DOMAINS = List.of("localhost", "s3.localhost");
  /** Largest single PUT in bytes (5 GiB, as S3; larger objects go through multipart upload). */
  public static final long DEFAULT_MAX_OBJECT_SIZE = 5L * 1024 * 1024 * 1024;
  /** Largest request header block in bytes (S3 allows 8 KiB; SDKs stay well below 16 KiB). */
  public static final int DEFAULT_MAX_HEADER_SIZE = 16 * 1024;
  /** Longest request line in bytes: a 1024-byte key percent-encoded, plus a presigned query. */
  public static final int DEFAULT_MAX_URI_LENGTH = 16 * 1024;
  /** Seconds a connection may stay silent, idle keep-alive or stalled transfer, before it is closed. */
  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 120;
  /** Largest accepted difference between a request's signing time and the gateway's clock, in seconds. */
  public static final int DEFAULT_MAX_CLOCK_SKEW_SECONDS = 900;
  /**
   * How long a bucket's settings (owner, policy, CORS) are reused before the masters are asked
   * again, in milliseconds: a change made through another gateway applies within this time.
   */
  public static final int DEFAULT_BUCKET_CACHE_MS = 1_000;

  private String tlsCertPath;
  private String tlsKeyPath;
  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private String region = DEFAULT_REGION;
  private List<String> domains = DEFAULT_DOMAINS;
  private long maxObjectSize = DEFAULT_MAX_OBJECT_SIZE;
  private int maxHeaderSize = DEFAULT_MAX_HEADER_SIZE;
  private int maxUriLength = DEFAULT_MAX_URI_LENGTH;
  private int idleTimeoutSeconds = DEFAULT_IDLE_TIMEOUT_SECONDS;
  private int maxClockSkewSeconds = DEFAULT_MAX_CLOCK_SKEW_SECONDS;
  private int bucketCacheMs = DEFAULT_BUCKET_CACHE_MS;
  private ClientOptions client = new ClientOptions();

  public S3Options() {
  }

  public S3Options(ConfigSection s) {
    host = s.string("host", DEFAULT_HOST);
    port = s.port("port", DEFAULT_PORT, true);
    region = s.string("region", DEFAULT_REGION);
    domains = s.strings("domains", DEFAULT_DOMAINS);
    maxObjectSize = s.bytes("maxObjectSize", DEFAULT_MAX_OBJECT_SIZE);
    maxHeaderSize = (int) Math.min(s.bytes("maxHeaderSize", DEFAULT_MAX_HEADER_SIZE), 1 << 20);
    maxUriLength = (int) Math.min(s.bytes("maxUriLength", DEFAULT_MAX_URI_LENGTH), 1 << 20);
    idleTimeoutSeconds = s.integer("idleTimeoutSeconds", DEFAULT_IDLE_TIMEOUT_SECONDS, 1, 86_400);
    maxClockSkewSeconds = s.integer("maxClockSkewSeconds", DEFAULT_MAX_CLOCK_SKEW_SECONDS, 1, 86_400);
    bucketCacheMs = s.integer("bucketCacheMs", DEFAULT_BUCKET_CACHE_MS, 0, 600_000);
    client = new ClientOptions(s.section("client"));
    ConfigSection tls = s.section("tls");
    tlsCertPath = tls.string("certPath", null);
    tlsKeyPath = tls.string("keyPath", null);
    tls.finish();
    if ((tlsCertPath == null) != (tlsKeyPath == null)) {
      throw new io.kdss.config.ConfigException(s.keyPath("tls"), "set both certPath and keyPath (PEM files), or neither");
    }
    s.finish();
  }

  /** The client library's settings ({@code s3.client}: shard size, stripes in flight, memory budget...). */
  public ClientOptions client() {
    return client;
  }

  public S3Options setClient(ClientOptions client) {
    this.client = client;
    return this;
  }

  public int bucketCacheMs() {
    return bucketCacheMs;
  }

  public S3Options setBucketCacheMs(int ms) {
    this.bucketCacheMs = ms;
    return this;
  }

  /** HTTPS when set: PEM certificate chain and private key (then aws:SecureTransport is true). */
  public boolean tls() {
    return tlsCertPath != null;
  }

  public String tlsCertPath() {
    return tlsCertPath;
  }

  public String tlsKeyPath() {
    return tlsKeyPath;
  }

  public S3Options setTls(String certPath, String keyPath) {
    this.tlsCertPath = certPath;
    this.tlsKeyPath = keyPath;
    return this;
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

  public List<String> domains() {
    return domains;
  }

  public S3Options setDomains(List<String> domains) {
    this.domains = List.copyOf(domains);
    return this;
  }

  public long maxObjectSize() {
    return maxObjectSize;
  }

  public S3Options setMaxObjectSize(long maxObjectSize) {
    this.maxObjectSize = maxObjectSize;
    return this;
  }

  public int maxHeaderSize() {
    return maxHeaderSize;
  }

  public S3Options setMaxHeaderSize(int maxHeaderSize) {
    this.maxHeaderSize = maxHeaderSize;
    return this;
  }

  public int maxUriLength() {
    return maxUriLength;
  }

  public S3Options setMaxUriLength(int maxUriLength) {
    this.maxUriLength = maxUriLength;
    return this;
  }

  public int idleTimeoutSeconds() {
    return idleTimeoutSeconds;
  }

  public S3Options setIdleTimeoutSeconds(int idleTimeoutSeconds) {
    this.idleTimeoutSeconds = idleTimeoutSeconds;
    return this;
  }

  public int maxClockSkewSeconds() {
    return maxClockSkewSeconds;
  }

  public S3Options setMaxClockSkewSeconds(int maxClockSkewSeconds) {
    this.maxClockSkewSeconds = maxClockSkewSeconds;
    return this;
  }
}
