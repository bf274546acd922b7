package io.kdss.storage.log;

/** Tuning of one disk's log; every size in bytes, every time in milliseconds. */
public final class DiskLogOptions {

  /** Most bytes one group commit writes before its fdatasync. */
  public static final int DEFAULT_MAX_BATCH_BYTES = 16 << 20;
  /**
   * Group commits written at once: the next is laid out and written while earlier ones sync
   * (their fdatasyncs coalesce), so neither the disk nor the append thread waits for the other.
   */
  public static final int DEFAULT_MAX_BATCHES_IN_FLIGHT = 4;
  /** Largest shard accepted. */
  public static final int DEFAULT_MAX_SHARD_BYTES = 16 << 20;
  /** How often the index is forced to stable storage (it is crash-safe for a process crash at once). */
  public static final int DEFAULT_INDEX_SYNC_INTERVAL_MS = 1000;
  /** Read size when scanning segments (recovery, compaction). */
  public static final int DEFAULT_SCAN_CHUNK_BYTES = 4 << 20;
  /** Free segments foreground writes leave for compaction to copy into. */
  public static final int DEFAULT_RESERVE_SEGMENTS = 1;

  private int maxBatchBytes = DEFAULT_MAX_BATCH_BYTES;
  private int maxBatchesInFlight = DEFAULT_MAX_BATCHES_IN_FLIGHT;
  private int maxShardBytes = DEFAULT_MAX_SHARD_BYTES;
  private int indexSyncIntervalMs = DEFAULT_INDEX_SYNC_INTERVAL_MS;
  private int scanChunkBytes = DEFAULT_SCAN_CHUNK_BYTES;
  private int reserveSegments = DEFAULT_RESERVE_SEGMENTS;

  public int maxBatchBytes() {
    return maxBatchBytes;
  }

  public DiskLogOptions setMaxBatchBytes(int v) {
    this.maxBatchBytes = v;
    return this;
  }

  public int maxBatchesInFlight() {
    return maxBatchesInFlight;
  }

  public DiskLogOptions setMaxBatchesInFlight(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("maxBatchesInFlight must be at least 1, got " + v);
    }
    this.maxBatchesInFlight = v;
    return this;
  }

  public int maxShardBytes() {
    return maxShardBytes;
  }

  public DiskLogOptions setMaxShardBytes(int v) {
    this.maxShardBytes = v;
    return this;
  }

  public int indexSyncIntervalMs() {
    return indexSyncIntervalMs;
  }

  public DiskLogOptions setIndexSyncIntervalMs(int v) {
    this.indexSyncIntervalMs = v;
    return this;
  }

  public int scanChunkBytes() {
    return scanChunkBytes;
  }

  public DiskLogOptions setScanChunkBytes(int v) {
    this.scanChunkBytes = v;
    return this;
  }

  public int reserveSegments() {
    return reserveSegments;
  }

  public DiskLogOptions setReserveSegments(int v) {
    this.reserveSegments = v;
    return this;
  }
}
