package io.kdss.master.repair;

import io.kdss.config.ConfigSection;

/**
 * Repair, drain and rebalancing settings ({@code master.repair:} in a node config). Times in
 * milliseconds.
 */
public final class RepairOptions {

  /** Repair, drain and rebalancing run at all (the leader's singletons). */
  public static final boolean DEFAULT_ENABLED = true;
  /**
   * A member whose node has been DOWN this long is lost and gets a replacement (a node that
   * only restarts should not cost a rebuild; Ceph's down-out interval plays the same role).
   * A failed or missing disk is lost at once.
   */
  public static final int DEFAULT_REPAIR_AFTER_MS = 600_000;
  /** How often the leader drives repairs (sends orders, checks results, starts tasks). */
  public static final int DEFAULT_INTERVAL_MS = 500;
  /** Groups being repaired or moved at once. */
  public static final int DEFAULT_MAX_TASKS = 8;
  /** Shards ordered rebuilt or moved per second, cluster-wide (foreground I/O keeps priority). */
  public static final int DEFAULT_SHARDS_PER_SEC = 200;
  /** Repair orders outstanding per storage node. */
  public static final int DEFAULT_IN_FLIGHT_PER_NODE = 16;
  /**
   * A task swaps the group member only this long after it started (writers that still hold
   * the group from before it was sealed have finished; their stripes are verified too).
   */
  public static final int DEFAULT_SETTLE_MS = 15_000;
  /** After a move, the old member's shards are deleted this long after the swap (readers move on). */
  public static final int DEFAULT_CLEANUP_DELAY_MS = 60_000;
  /** Bad shards reported by readers or scrubbers rebuilt in place per pass. */
  public static final int DEFAULT_BAD_SHARD_BATCH = 100;
  public static final boolean DEFAULT_REBALANCE_ENABLED = true;
  /** How often the leader looks for uneven disks. */
  public static final int DEFAULT_REBALANCE_INTERVAL_MS = 300_000;
  /**
   * A disk whose utilization is this many basis points (1/100 of a percentage point) above
   * the mean gives memberships to disks below the mean: 1000 = 10 points.
   */
  public static final int DEFAULT_REBALANCE_SKEW_BASIS_POINTS = 1000;
  /** Group memberships moved per rebalancing pass (and in flight at once). */
  public static final int DEFAULT_REBALANCE_MAX_MOVES = 2;

  private boolean enabled = DEFAULT_ENABLED;
  private int repairAfterMs = DEFAULT_REPAIR_AFTER_MS;
  private int intervalMs = DEFAULT_INTERVAL_MS;
  private int maxTasks = DEFAULT_MAX_TASKS;
  private int shardsPerSec = DEFAULT_SHARDS_PER_SEC;
  private int inFlightPerNode = DEFAULT_IN_FLIGHT_PER_NODE;
  private int settleMs = DEFAULT_SETTLE_MS;
  private int cleanupDelayMs = DEFAULT_CLEANUP_DELAY_MS;
  private int badShardBatch = DEFAULT_BAD_SHARD_BATCH;
  private boolean rebalanceEnabled = DEFAULT_REBALANCE_ENABLED;
  private int rebalanceIntervalMs = DEFAULT_REBALANCE_INTERVAL_MS;
  private int rebalanceSkewBasisPoints = DEFAULT_REBALANCE_SKEW_BASIS_POINTS;
  private int rebalanceMaxMoves = DEFAULT_REBALANCE_MAX_MOVES;

  public RepairOptions() {
  }

  public RepairOptions(ConfigSection s) {
    enabled = s.bool("enabled", DEFAULT_ENABLED);
    repairAfterMs = s.integer("repairAfterMs", DEFAULT_REPAIR_AFTER_MS, 0, 7 * 86_400_000);
    intervalMs = s.integer("intervalMs", DEFAULT_INTERVAL_MS, 20, 60_000);
    maxTasks = s.integer("maxTasks", DEFAULT_MAX_TASKS, 1, 10_000);
    shardsPerSec = s.integer("shardsPerSec", DEFAULT_SHARDS_PER_SEC, 1, 1_000_000);
    inFlightPerNode = s.integer("inFlightPerNode", DEFAULT_IN_FLIGHT_PER_NODE, 1, 1024);
    settleMs = s.integer("settleMs", DEFAULT_SETTLE_MS, 0, 3_600_000);
    cleanupDelayMs = s.integer("cleanupDelayMs", DEFAULT_CLEANUP_DELAY_MS, 0, 86_400_000);
    badShardBatch = s.integer("badShardBatch", DEFAULT_BAD_SHARD_BATCH, 1, 10_000);
    ConfigSection r = s.section("rebalance");
    rebalanceEnabled = r.bool("enabled", DEFAULT_REBALANCE_ENABLED);
    rebalanceIntervalMs = r.integer("intervalMs", DEFAULT_REBALANCE_INTERVAL_MS, 50, 86_400_000);
    rebalanceSkewBasisPoints = r.integer("skewBasisPoints", DEFAULT_REBALANCE_SKEW_BASIS_POINTS, 1, 10_000);
    rebalanceMaxMoves = r.integer("maxMoves", DEFAULT_REBALANCE_MAX_MOVES, 1, 1000);
    r.finish();
    s.finish();
  }

  public boolean enabled() {
    return enabled;
  }

  public RepairOptions setEnabled(boolean v) {
    this.enabled = v;
    return this;
  }

  public int repairAfterMs() {
    return repairAfterMs;
  }

  public RepairOptions setRepairAfterMs(int v) {
    this.repairAfterMs = v;
    return this;
  }

  public int intervalMs() {
    return intervalMs;
  }

  public RepairOptions setIntervalMs(int v) {
    this.intervalMs = v;
    return this;
  }

  public int maxTasks() {
    return maxTasks;
  }

  public RepairOptions setMaxTasks(int v) {
    this.maxTasks = v;
    return this;
  }

  public int shardsPerSec() {
    return shardsPerSec;
  }

  public RepairOptions setShardsPerSec(int v) {
    this.shardsPerSec = v;
    return this;
  }

  public int inFlightPerNode() {
    return inFlightPerNode;
  }

  public RepairOptions setInFlightPerNode(int v) {
    this.inFlightPerNode = v;
    return this;
  }

  public int settleMs() {
    return settleMs;
  }

  public RepairOptions setSettleMs(int v) {
    this.settleMs = v;
    return this;
  }

  public int cleanupDelayMs() {
    return cleanupDelayMs;
  }

  public RepairOptions setCleanupDelayMs(int v) {
    this.cleanupDelayMs = v;
    return this;
  }

  public int badShardBatch() {
    return badShardBatch;
  }

  public boolean rebalanceEnabled() {
    return rebalanceEnabled;
  }

  public RepairOptions setRebalanceEnabled(boolean v) {
    this.rebalanceEnabled = v;
    return this;
  }

  public int rebalanceIntervalMs() {
    return rebalanceIntervalMs;
  }

  public RepairOptions setRebalanceIntervalMs(int v) {
    this.rebalanceIntervalMs = v;
    return this;
  }

  public int rebalanceSkewBasisPoints() {
    return rebalanceSkewBasisPoints;
  }

  public RepairOptions setRebalanceSkewBasisPoints(int v) {
    this.rebalanceSkewBasisPoints = v;
    return this;
  }

  public int rebalanceMaxMoves() {
    return rebalanceMaxMoves;
  }

  public RepairOptions setRebalanceMaxMoves(int v) {
    this.rebalanceMaxMoves = v;
    return this;
  }
}
