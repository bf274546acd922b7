package io.kdss.master;

import io.kdss.config.ConfigException;
import io.kdss.config.ConfigSection;

/** The master's settings ({@code master:} in a node config). Times in milliseconds. */
public final class MasterOptions {

  /** Address the gRPC server binds to. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 7100;
  /** How often storage nodes report. */
  public static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 1000;
  /** Silence after which a node is SUSPECT. */
  public static final int DEFAULT_SUSPECT_AFTER_MS = 5000;
  /** Silence after which a node is DOWN and its groups DEGRADED. */
  public static final int DEFAULT_DOWN_AFTER_MS = 15000;
  /** Lifetime of the leader lease; the leader renews it at a third of this. */
  public static final int DEFAULT_LEASE_MS = 10000;
  public static final int DEFAULT_EC_K = 4;
  public static final int DEFAULT_EC_M = 2;

  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private int heartbeatIntervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS;
  private int suspectAfterMs = DEFAULT_SUSPECT_AFTER_MS;
  private int downAfterMs = DEFAULT_DOWN_AFTER_MS;
  private int leaseMs = DEFAULT_LEASE_MS;
  private int ecK = DEFAULT_EC_K;
  private int ecM = DEFAULT_EC_M;

  public MasterOptions() {
  }

  public MasterOptions(ConfigSection s) {
    host = s.string("host", DEFAULT_HOST);
    port = s.port("port", DEFAULT_PORT, true);
    heartbeatIntervalMs = s.integer("heartbeatIntervalMs", DEFAULT_HEARTBEAT_INTERVAL_MS, 50, 60_000);
    suspectAfterMs = s.integer("suspectAfterMs", DEFAULT_SUSPECT_AFTER_MS, 100, 600_000);
    downAfterMs = s.integer("downAfterMs", DEFAULT_DOWN_AFTER_MS, 100, 3_600_000);
    leaseMs = s.integer("leaseMs", DEFAULT_LEASE_MS, 500, 600_000);
    ConfigSection ec = s.section("ec");
    ecK = ec.integer("k", DEFAULT_EC_K, 1, 32);
    ecM = ec.integer("m", DEFAULT_EC_M, 0, 8);
    ec.finish();
    s.finish();
    if (suspectAfterMs <= heartbeatIntervalMs) {
      throw new ConfigException(s.keyPath("suspectAfterMs"), "must be longer than heartbeatIntervalMs");
    }
    if (downAfterMs <= suspectAfterMs) {
      throw new ConfigException(s.keyPath("downAfterMs"), "must be longer than suspectAfterMs");
    }
  }

  public String host() {
    return host;
  }

  public MasterOptions setHost(String host) {
    this.host = host;
    return this;
  }

  public int port() {
    return port;
  }

  public MasterOptions setPort(int port) {
    this.port = port;
    return this;
  }

  public int heartbeatIntervalMs() {
    return heartbeatIntervalMs;
  }

  public MasterOptions setHeartbeatIntervalMs(int v) {
    this.heartbeatIntervalMs = v;
    return this;
  }

  public int suspectAfterMs() {
    return suspectAfterMs;
  }

  public MasterOptions setSuspectAfterMs(int v) {
    this.suspectAfterMs = v;
    return this;
  }

  public int downAfterMs() {
    return downAfterMs;
  }

  public MasterOptions setDownAfterMs(int v) {
    this.downAfterMs = v;
    return this;
  }

  public int leaseMs() {
    return leaseMs;
  }

  public MasterOptions setLeaseMs(int v) {
    this.leaseMs = v;
    return this;
  }

  public int ecK() {
    return ecK;
  }

  public int ecM() {
    return ecM;
  }

  public MasterOptions setScheme(int k, int m) {
    this.ecK = k;
    this.ecM = m;
    return this;
  }
}
