package io.kdss.storage.compaction;

/** When and how fast the compactor of each disk works. */
public final class CompactionOptions {

  /** A sealed segment is compacted once this fraction of it is garbage. */
  public static final double DEFAULT_GARBAGE_RATIO = 0.5;
  /** Bytes per second the compactor reads and rewrites at most, so foreground I/O keeps priority. */
  public static final long DEFAULT_RATE_BYTES_PER_SEC = 64L << 20;
  /** Pause between looks for a garbage-heavy segment. */
  public static final int DEFAULT_INTERVAL_MS = 10_000;
  public static final boolean DEFAULT_ENABLED = true;

  private double garbageRatio = DEFAULT_GARBAGE_RATIO;
  private long rateBytesPerSec = DEFAULT_RATE_BYTES_PER_SEC;
  private int intervalMs = DEFAULT_INTERVAL_MS;
  private boolean enabled = DEFAULT_ENABLED;

  public double garbageRatio() {
    return garbageRatio;
  }

  public CompactionOptions setGarbageRatio(double v) {
    this.garbageRatio = v;
    return this;
  }

  public long rateBytesPerSec() {
    return rateBytesPerSec;
  }

  public CompactionOptions setRateBytesPerSec(long v) {
    this.rateBytesPerSec = v;
    return this;
  }

  public int intervalMs() {
    return intervalMs;
  }

  public CompactionOptions setIntervalMs(int v) {
    this.intervalMs = v;
    return this;
  }

  public boolean enabled() {
    return enabled;
  }

  public CompactionOptions setEnabled(boolean v) {
    this.enabled = v;
    return this;
  }
}
