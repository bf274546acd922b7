package io.kdss.storage.compaction;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket in bytes per second for background work (compaction, scrubbing): callers
 * block until their bytes fit. At most one second of burst.
 */
public final class ByteRateLimiter {

  private final long bytesPerSec;
  private double tokens;
  private long lastNanos = System.nanoTime();

  public ByteRateLimiter(long bytesPerSec) {
    if (bytesPerSec <= 0) {
      throw new IllegalArgumentException("rate must be positive, was " + bytesPerSec);
    }
    this.bytesPerSec = bytesPerSec;
  }

  /** Blocks until {@code bytes} may be spent. */
  public synchronized void acquire(long bytes) throws InterruptedException {
    refill();
    tokens -= bytes;
    if (tokens < 0) {
      long waitNanos = (long) (-tokens * 1e9 / bytesPerSec);
      TimeUnit.NANOSECONDS.sleep(waitNanos);
      refill();
    }
  }

  private void refill() {
    long now = System.nanoTime();
    tokens = Math.min(bytesPerSec, tokens + (now - lastNanos) * (double) bytesPerSec / 1e9);
    lastNanos = now;
  }
}
