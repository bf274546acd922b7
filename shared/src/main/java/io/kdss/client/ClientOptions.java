package io.kdss.client;

import io.kdss.config.ConfigSection;

/**
 * Settings of the client library: the write and read paths the S3 gateway and the FUSE mount
 * share. Sizes in bytes, times in milliseconds.
 */
public final class ClientOptions {

  /** Bytes of one shard of a full stripe; a stripe holds k times this much data. */
  public static final int DEFAULT_SHARD_SIZE = 1 << 20;
  /** Largest shard: one shard travels in one data-plane frame (ShardFrame.MAX_BODY_BYTES). */
  public static final int MAX_SHARD_SIZE = 16 << 20;
  /** Smallest shard worth a network round trip per disk. */
  public static final int MIN_SHARD_SIZE = 4096;
  /** Most data bytes one stripe may hold (k * shard size): the master refuses bigger stripes. */
  public static final long MAX_STRIPE_DATA = 64L << 20;
  /** Stripes one stream encodes and writes at once (its pipeline depth). */
  public static final int DEFAULT_STRIPES_IN_FLIGHT = 4;
  /** Stripes a reader fetches ahead of the one it is emitting. */
  public static final int DEFAULT_READ_AHEAD_STRIPES = 2;
  /** Shards beyond k a stripe must have on disk before it is acknowledged (capped at m). */
  public static final int DEFAULT_WRITE_QUORUM_EXTRA = 1;
  /** Attempts, on other groups, of a stripe that missed its write quorum. */
  public static final int DEFAULT_STRIPE_ATTEMPTS = 3;
  /** Deadline of one shard put or get. */
  public static final int DEFAULT_SHARD_TIMEOUT_MS = 15_000;
  /** A data shard slower than this is read around (parity fetched and decoded). */
  public static final int DEFAULT_HEDGE_AFTER_MS = 1_000;
  /** Off-heap bytes all streams of the process may hold in stripes; more streams wait. */
  public static final long DEFAULT_MEMORY_BUDGET = 256L << 20;
  /** Threads that run erasure coding (never an event loop). */
  public static final int DEFAULT_EC_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
  /** How long a writer keeps using one OPEN group before asking the master again. */
  public static final int DEFAULT_GROUP_REUSE_MS = 10_000;

  private int shardSize = DEFAULT_SHARD_SIZE;
  private int stripesInFlight = DEFAULT_STRIPES_IN_FLIGHT;
  private int readAheadStripes = DEFAULT_READ_AHEAD_STRIPES;
  private int writeQuorumExtra = DEFAULT_WRITE_QUORUM_EXTRA;
  private int stripeAttempts = DEFAULT_STRIPE_ATTEMPTS;
  private int shardTimeoutMs = DEFAULT_SHARD_TIMEOUT_MS;
  private int hedgeAfterMs = DEFAULT_HEDGE_AFTER_MS;
  private long memoryBudget = DEFAULT_MEMORY_BUDGET;
  private int ecThreads = DEFAULT_EC_THREADS;
  private int groupReuseMs = DEFAULT_GROUP_REUSE_MS;

  public ClientOptions() {
  }

  public ClientOptions(ConfigSection s) {
    long shard = s.bytes("shardSize", DEFAULT_SHARD_SIZE);
    if (shard < MIN_SHARD_SIZE || shard > MAX_SHARD_SIZE) {
      throw new IllegalArgumentException("client.shardSize is " + shard + " bytes: it must be within "
          + MIN_SHARD_SIZE + ".." + MAX_SHARD_SIZE + " (one shard travels in one data-plane frame)");
    }
    shardSize = (int) shard;
    stripesInFlight = s.integer("stripesInFlight", DEFAULT_STRIPES_IN_FLIGHT, 1, 64);
    readAheadStripes = s.integer("readAheadStripes", DEFAULT_READ_AHEAD_STRIPES, 0, 64);
    writeQuorumExtra = s.integer("writeQuorumExtra", DEFAULT_WRITE_QUORUM_EXTRA, 0, 8);
    stripeAttempts = s.integer("stripeAttempts", DEFAULT_STRIPE_ATTEMPTS, 1, 10);
    shardTimeoutMs = s.integer("shardTimeoutMs", DEFAULT_SHARD_TIMEOUT_MS, 100, 600_000);
    hedgeAfterMs = s.integer("hedgeAfterMs", DEFAULT_HEDGE_AFTER_MS, 10, 600_000);
    memoryBudget = s.bytes("memoryBudget", DEFAULT_MEMORY_BUDGET);
    ecThreads = s.integer("ecThreads", DEFAULT_EC_THREADS, 1, 256);
    groupReuseMs = s.integer("groupReuseMs", DEFAULT_GROUP_REUSE_MS, 0, 3_600_000);
    s.finish();
  }

  public int shardSize() {
    return shardSize;
  }

  public ClientOptions setShardSize(int shardSize) {
    this.shardSize = shardSize;
    return this;
  }

  /** Throws IllegalArgumentException naming the setting to fix when these options cannot work. */
  public ClientOptions validate() {
    if (shardSize < MIN_SHARD_SIZE || shardSize > MAX_SHARD_SIZE) {
      throw new IllegalArgumentException("shardSize is " + shardSize + " bytes: it must be within "
          + MIN_SHARD_SIZE + ".." + MAX_SHARD_SIZE + " (one shard travels in one data-plane frame)");
    }
    if (memoryBudget <= 0) {
      throw new IllegalArgumentException("memoryBudget must be > 0 bytes, not " + memoryBudget);
    }
    return this;
  }

  public int stripesInFlight() {
    return stripesInFlight;
  }

  public ClientOptions setStripesInFlight(int n) {
    this.stripesInFlight = n;
    return this;
  }

  public int readAheadStripes() {
    return readAheadStripes;
  }

  public ClientOptions setReadAheadStripes(int n) {
    this.readAheadStripes = n;
    return this;
  }

  public int writeQuorumExtra() {
    return writeQuorumExtra;
  }

  public ClientOptions setWriteQuorumExtra(int n) {
    this.writeQuorumExtra = n;
    return this;
  }

  public int stripeAttempts() {
    return stripeAttempts;
  }

  public ClientOptions setStripeAttempts(int n) {
    this.stripeAttempts = n;
    return this;
  }

  public int shardTimeoutMs() {
    return shardTimeoutMs;
  }

  public ClientOptions setShardTimeoutMs(int ms) {
    this.shardTimeoutMs = ms;
    return this;
  }

  public int hedgeAfterMs() {
    return hedgeAfterMs;
  }

  public ClientOptions setHedgeAfterMs(int ms) {
    this.hedgeAfterMs = ms;
    return this;
  }

  public long memoryBudget() {
    return memoryBudget;
  }

  public ClientOptions setMemoryBudget(long bytes) {
    this.memoryBudget = bytes;
    return this;
  }

  public int ecThreads() {
    return ecThreads;
  }

  public ClientOptions setEcThreads(int n) {
    this.ecThreads = n;
    return this;
  }

  public int groupReuseMs() {
    return groupReuseMs;
  }

  public ClientOptions setGroupReuseMs(int ms) {
    this.groupReuseMs = ms;
    return this;
  }
}
