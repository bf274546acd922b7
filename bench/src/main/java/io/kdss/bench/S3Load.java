package io.kdss.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Runs {@code count} asynchronous operations with at most {@code concurrency} in flight and
 * measures them: bytes moved, wall time, per-operation latency (p50, p99), errors. Prints a
 * progress line to stderr every few seconds while a phase runs.
 */
final class S3Load {

  /** What one phase measured. */
  record Stats(int ops, long bytes, double seconds, double p50Ms, double p99Ms, int errors, String firstError) {

    double mbps() {
      return bytes / 1e6 / seconds;
    }

    double opsPerSecond() {
      return ops / seconds;
    }
  }

  private S3Load() {
  }

  static final long PROGRESS_EVERY_MS = 5_000;
  /**
   * Body bytes sent or received so far, counted as they stream ({@link PatternBody},
   * {@link S3Suite#drain}), so the progress of a phase of few large objects moves too.
   */
  static final AtomicLong STREAMED = new AtomicLong();

  /** {@code op.apply(i)} starts operation i and completes with the bytes it moved; {@code label} names the phase. */
  static Stats run(String label, int count, int concurrency, IntFunction<CompletableFuture<Long>> op)
      throws InterruptedException {
    Semaphore slots = new Semaphore(concurrency);
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>(count));
    AtomicLong bytes = new AtomicLong();
    AtomicInteger errors = new AtomicInteger();
    String[] firstError = {null};
    long start = System.nanoTime();
    long streamedAtStart = STREAMED.get();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
        .name("s3-progress").unstarted(r));
    ticker.scheduleAtFixedRate(() -> {
      double s = (System.nanoTime() - start) / 1e9;
      System.err.printf(Locale.ROOT, "s3:   %s: %d/%d done, %.0f MB/s streamed, %d errors, %.0f s%n", label,
          latencies.size() + errors.get(), count, (STREAMED.get() - streamedAtStart) / 1e6 / s, errors.get(), s);
    }, PROGRESS_EVERY_MS, PROGRESS_EVERY_MS, TimeUnit.MILLISECONDS);
    try {
      issue(count, concurrency, op, slots, latencies, bytes, errors, firstError);
    } finally {
      ticker.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return new Stats(count, bytes.get(), seconds, percentile(sorted, 0.50), percentile(sorted, 0.99), errors.get(),
        firstError[0]);
  }

  private static void issue(int count, int concurrency, IntFunction<CompletableFuture<Long>> op, Semaphore slots,
      List<Long> latencies, AtomicLong bytes, AtomicInteger errors, String[] firstError) throws InterruptedException {
    for (int i = 0; i < count; i++) {
      slots.acquire();
      long t0 = System.nanoTime();
      CompletableFuture<Long> f;
      try {
        f = op.apply(i);
      } catch (RuntimeException e) {
        f = CompletableFuture.failedFuture(e);
      }
      f.whenComplete((n, e) -> {
        if (e != null) {
          errors.incrementAndGet();
          synchronized (firstError) {
            if (firstError[0] == null) {
              firstError[0] = String.valueOf(e.getMessage());
            }
          }
        } else {
          bytes.addAndGet(n);
          latencies.add(System.nanoTime() - t0);
        }
        slots.release();
      });
    }
    if (!slots.tryAcquire(concurrency, 30, TimeUnit.MINUTES)) {
      throw new IllegalStateException("operations did not finish within 30 minutes");
    }
  }

  static double percentile(List<Long> sortedNanos, double q) {
    if (sortedNanos.isEmpty()) {
      return 0;
    }
    int i = (int) Math.min(sortedNanos.size() - 1, Math.ceil(q * sortedNanos.size()) - 1);
    return sortedNanos.get(Math.max(0, i)) / 1e6;
  }
}
