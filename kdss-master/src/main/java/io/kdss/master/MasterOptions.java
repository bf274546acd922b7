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
  /** How long a dead file's shards stay on disk before delete orders go out (in-flight reads finish). */
  public static final int DEFAULT_GC_GRACE_MS = 60_000;
  /** How often the leader looks at the garbage queue. */
  public static final int DEFAULT_GC_INTERVAL_MS = 2_000;
  /** A delete order without an answer after this long is sent again. */
  public static final int DEFAULT_ORDER_TIMEOUT_MS = 30_000;
  /** OPEN groups the leader keeps ready per scheme in use (allocation never waits on placement). */
  public static final int DEFAULT_OPEN_GROUPS = 4;
  /** Data a group takes before it is sealed (spreads load over disks), in bytes. */
  public static final long DEFAULT_GROUP_MAX_BYTES = 64L << 30;
  /** Free space below which a disk gets no new groups and its OPEN groups are sealed, in bytes. */
  public static final long DEFAULT_DISK_RESERVE_BYTES = 1L << 30;
  /** How often every master reloads nodes, volumes and groups from the metadata store. */
  public static final int DEFAULT_VIEW_REFRESH_MS = 1_000;
  /** An upload (BeginWrite) not committed within this time is aborted and its data collected. */
  public static final long DEFAULT_UPLOAD_TIMEOUT_MS = 24L * 3600 * 1000;

  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private int heartbeatIntervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS;
  private int suspectAfterMs = DEFAULT_SUSPECT_AFTER_MS;
  private int downAfterMs = DEFAULT_DOWN_AFTER_MS;
  private int leaseMs = DEFAULT_LEASE_MS;
  private int ecK = DEFAULT_EC_K;
  private int ecM = DEFAULT_EC_M;
  private int gcGraceMs = DEFAULT_GC_GRACE_MS;
  private int gcIntervalMs = DEFAULT_GC_INTERVAL_MS;
  private int orderTimeoutMs = DEFAULT_ORDER_TIMEOUT_MS;
  private int openGroups = DEFAULT_OPEN_GROUPS;
  private long groupMaxBytes = DEFAULT_GROUP_MAX_BYTES;
  private long diskReserveBytes = DEFAULT_DISK_RESERVE_BYTES;
  private int viewRefreshMs = DEFAULT_VIEW_REFRESH_MS;
  private long uploadTimeoutMs = DEFAULT_UPLOAD_TIMEOUT_MS;
  private io.kdss.master.repair.RepairOptions repair = new io.kdss.master.repair.RepairOptions();

  /** Most shards one stripe may have (k+m). */
  public static final int MAX_SHARDS = 32;

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
    gcGraceMs = s.integer("gcGraceMs", DEFAULT_GC_GRACE_MS, 0, 86_400_000);
    gcIntervalMs = s.integer("gcIntervalMs", DEFAULT_GC_INTERVAL_MS, 50, 600_000);
    orderTimeoutMs = s.integer("orderTimeoutMs", DEFAULT_ORDER_TIMEOUT_MS, 100, 3_600_000);
    openGroups = s.integer("openGroups", DEFAULT_OPEN_GROUPS, 1, 1024);
    groupMaxBytes = s.bytes("groupMaxBytes", DEFAULT_GROUP_MAX_BYTES);
    diskReserveBytes = s.bytes("diskReserveBytes", DEFAULT_DISK_RESERVE_BYTES);
    viewRefreshMs = s.integer("viewRefreshMs", DEFAULT_VIEW_REFRESH_MS, 20, 60_000);
    uploadTimeoutMs = s.number("uploadTimeoutMs", DEFAULT_UPLOAD_TIMEOUT_MS, 1000, 30L * 86_400_000);
    repair = new io.kdss.master.repair.RepairOptions(s.section("repair"));
    s.finish();
    if (ecK + ecM > MAX_SHARDS) {
      throw new ConfigException(s.keyPath("ec"), "k+m is " + (ecK + ecM) + ", at most " + MAX_SHARDS);
    }
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

  /** Validates times and schemes set through setters (tests, embedding) as the config reader does. */
  public MasterOptions validate() {
    if (suspectAfterMs <= heartbeatIntervalMs || downAfterMs <= suspectAfterMs) {
      throw new IllegalArgumentException("need heartbeatIntervalMs < suspectAfterMs < downAfterMs");
    }
    return this;
  }

  public int gcGraceMs() {
    return gcGraceMs;
  }

  public MasterOptions setGcGraceMs(int v) {
    this.gcGraceMs = v;
    return this;
  }

  public int gcIntervalMs() {
    return gcIntervalMs;
  }

  public MasterOptions setGcIntervalMs(int v) {
    this.gcIntervalMs = v;
    return this;
  }

  public int orderTimeoutMs() {
    return orderTimeoutMs;
  }

  public MasterOptions setOrderTimeoutMs(int v) {
    this.orderTimeoutMs = v;
    return this;
  }

  public int openGroups() {
    return openGroups;
  }

  public MasterOptions setOpenGroups(int v) {
    this.openGroups = v;
    return this;
  }

  public long groupMaxBytes() {
    return groupMaxBytes;
  }

  public MasterOptions setGroupMaxBytes(long v) {
    this.groupMaxBytes = v;
    return this;
  }

  public long diskReserveBytes() {
    return diskReserveBytes;
  }

  public MasterOptions setDiskReserveBytes(long v) {
    this.diskReserveBytes = v;
    return this;
  }

  public int viewRefreshMs() {
    return viewRefreshMs;
  }

  public MasterOptions setViewRefreshMs(int v) {
    this.viewRefreshMs = v;
    return this;
  }

  public long uploadTimeoutMs() {
    return uploadTimeoutMs;
  }

  public MasterOptions setUploadTimeoutMs(long v) {
    this.uploadTimeoutMs = v;
    return this;
  }

  /** Repair, drain and rebalancing ({@code master.repair:}). */
  public io.kdss.master.repair.RepairOptions repair() {
    return repair;
  }
}
