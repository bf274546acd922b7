package io.kdss.storage.health;

/** Thresholds of the three health layers and the scrubber's pace. Times in milliseconds. */
public final class HealthOptions {

  /** Bytes per second the scrubber re-reads and checks per disk (0 turns scrubbing off). */
  public static final long DEFAULT_SCRUB_RATE_BYTES_PER_SEC = 8L << 20;
  /** Pause between two full scrub passes of a disk. */
  public static final int DEFAULT_SCRUB_INTERVAL_MS = 3_600_000;
  /** How often SMART is read (block devices only). */
  public static final int DEFAULT_SMART_INTERVAL_MS = 600_000;
  /** A p99 I/O latency above this makes the I/O layer DEGRADED (a slow disk). */
  public static final int DEFAULT_SLOW_P99_MS = 500;
  /** I/O errors within the error window that make the layer FAILING; one is DEGRADED. */
  public static final int DEFAULT_FAILING_IO_ERRORS = 10;
  /** Consecutive failed writes that make the disk FAILED (it then turns read-only). */
  public static final int DEFAULT_FAILED_WRITE_STREAK = 5;
  /** Corrupt records found (reads or scrub) that make the data layer FAILING; one is DEGRADED. */
  public static final int DEFAULT_FAILING_CRC_ERRORS = 10;

  private long scrubRateBytesPerSec = DEFAULT_SCRUB_RATE_BYTES_PER_SEC;
  private int scrubIntervalMs = DEFAULT_SCRUB_INTERVAL_MS;
  private int smartIntervalMs = DEFAULT_SMART_INTERVAL_MS;
  private int slowP99Ms = DEFAULT_SLOW_P99_MS;
  private int failingIoErrors = DEFAULT_FAILING_IO_ERRORS;
  private int failedWriteStreak = DEFAULT_FAILED_WRITE_STREAK;
  private int failingCrcErrors = DEFAULT_FAILING_CRC_ERRORS;

  public long scrubRateBytesPerSec() {
    return scrubRateBytesPerSec;
  }

  public HealthOptions setScrubRateBytesPerSec(long v) {
    this.scrubRateBytesPerSec = v;
    return this;
  }

  public int scrubIntervalMs() {
    return scrubIntervalMs;
  }

  public HealthOptions setScrubIntervalMs(int v) {
    this.scrubIntervalMs = v;
    return this;
  }

  public int smartIntervalMs() {
    return smartIntervalMs;
  }

  public HealthOptions setSmartIntervalMs(int v) {
    this.smartIntervalMs = v;
    return this;
  }

  public int slowP99Ms() {
    return slowP99Ms;
  }

  public HealthOptions setSlowP99Ms(int v) {
    this.slowP99Ms = v;
    return this;
  }

  public int failingIoErrors() {
    return failingIoErrors;
  }

  public HealthOptions setFailingIoErrors(int v) {
    this.failingIoErrors = v;
    return this;
  }

  public int failedWriteStreak() {
    return failedWriteStreak;
  }

  public HealthOptions setFailedWriteStreak(int v) {
    this.failedWriteStreak = v;
    return this;
  }

  public int failingCrcErrors() {
    return failingCrcErrors;
  }

  public HealthOptions setFailingCrcErrors(int v) {
    this.failingCrcErrors = v;
    return this;
  }
}
