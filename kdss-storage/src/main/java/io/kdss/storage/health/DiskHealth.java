package io.kdss.storage.health;

import io.kdss.storage.log.DiskObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The three health layers of one disk, each judged on its own and combined as the worst:
 * <ul>
 *   <li>device: SMART ({@link DeviceHealthProbe}), UNKNOWN for files and loop devices;</li>
 *   <li>I/O: errors in the last 10 minutes, failed-write streaks, p99 latency (slow disk);</li>
 *   <li>data: corrupt records found by reads and the scrubber.</li>
 * </ul>
 * It is the disk log's {@link DiskObserver}, so every I/O feeds it and the node's metrics.
 */
public final class DiskHealth implements DiskObserver {

  private static final long ERROR_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(10);

  private final HealthOptions options;
  private final Timer writeLatency;
  private final Timer readLatency;
  private final Counter writtenBytes;
  private final Counter readBytes;
  private final Counter ioErrors;
  private final Counter crcErrors;
  private final AtomicInteger writeFailureStreak = new AtomicInteger();
  private final ArrayDeque<Long> recentErrors = new ArrayDeque<>();
  private volatile DeviceHealthProbe.Result device = new DeviceHealthProbe.Result(HealthLevel.UNKNOWN, "not probed yet");
  private volatile String lastCorruption;
  private volatile String lastIoError;
  /** Why the disk can no longer be written at all, or null (see {@link DiskObserver#fatal}). */
  private volatile String fatal;

  public DiskHealth(String disk, HealthOptions options, MeterRegistry registry) {
    this.options = options;
    Tags tags = Tags.of("disk", disk);
    this.writeLatency = Timer.builder("kdss.disk.append.latency").description("Group commit: write + fdatasync")
        .tags(tags).publishPercentiles(0.5, 0.99).distributionStatisticExpiry(Duration.ofMinutes(1)).register(registry);
    this.readLatency = Timer.builder("kdss.disk.read.latency").description("Shard read and verify")
        .tags(tags).publishPercentiles(0.5, 0.99).distributionStatisticExpiry(Duration.ofMinutes(1)).register(registry);
    this.writtenBytes = Counter.builder("kdss.disk.written.bytes").tags(tags).register(registry);
    this.readBytes = Counter.builder("kdss.disk.read.bytes").tags(tags).register(registry);
    this.ioErrors = Counter.builder("kdss.disk.io.errors").tags(tags).register(registry);
    this.crcErrors = Counter.builder("kdss.disk.crc.errors").tags(tags).register(registry);
  }

  @Override
  public void appended(int records, long bytes, long nanos) {
    writeLatency.record(nanos, TimeUnit.NANOSECONDS);
    writtenBytes.increment(bytes);
    writeFailureStreak.set(0);
  }

  @Override
  public void read(long bytes, long nanos) {
    readLatency.record(nanos, TimeUnit.NANOSECONDS);
    readBytes.increment(bytes);
  }

  @Override
  public void ioError(Throwable cause) {
    ioErrors.increment();
    lastIoError = String.valueOf(cause.getMessage());
    synchronized (recentErrors) {
      recentErrors.add(System.nanoTime());
    }
  }

  @Override
  public void writeFailed(Throwable cause) {
    ioError(cause);
    writeFailureStreak.incrementAndGet();
  }

  @Override
  public void fatal(String reason) {
    fatal = reason;
  }

  @Override
  public void corruption(String what) {
    crcErrors.increment();
    lastCorruption = what;
  }

  public void device(DeviceHealthProbe.Result r) {
    this.device = r;
  }

  public HealthLevel deviceLevel() {
    return device.level();
  }

  public HealthLevel ioLevel() {
    if (fatal != null || writeFailureStreak.get() >= options.failedWriteStreak()) {
      return HealthLevel.FAILED;
    }
    int recent = recentErrorCount();
    if (recent >= options.failingIoErrors()) {
      return HealthLevel.FAILING;
    }
    if (recent > 0 || Math.max(p99Ms(writeLatency), p99Ms(readLatency)) > options.slowP99Ms()) {
      return HealthLevel.DEGRADED;
    }
    return HealthLevel.OK;
  }

  public HealthLevel dataLevel() {
    double crc = crcErrors.count();
    if (crc >= options.failingCrcErrors()) {
      return HealthLevel.FAILING;
    }
    return crc > 0 ? HealthLevel.DEGRADED : HealthLevel.OK;
  }

  public HealthLevel combined() {
    return deviceLevel().worst(ioLevel()).worst(dataLevel());
  }

  public double writeP99Ms() {
    return p99Ms(writeLatency);
  }

  public double readP99Ms() {
    return p99Ms(readLatency);
  }

  public long ioErrorCount() {
    return (long) ioErrors.count();
  }

  public long crcErrorCount() {
    return (long) crcErrors.count();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("health", combined().name())
        .put("device", new JsonObject().put("health", deviceLevel().name()).put("detail", device.detail()))
        .put("io", new JsonObject().put("health", ioLevel().name()).put("errors", ioErrorCount())
            .put("recentErrors", recentErrorCount()).put("lastError", lastIoError).put("fatal", fatal)
            .put("writeP99Ms", writeP99Ms()).put("readP99Ms", readP99Ms()))
        .put("data", new JsonObject().put("health", dataLevel().name()).put("crcErrors", crcErrorCount())
            .put("lastCorruption", lastCorruption));
  }

  private int recentErrorCount() {
    long cutoff = System.nanoTime() - ERROR_WINDOW_NANOS;
    synchronized (recentErrors) {
      while (!recentErrors.isEmpty() && recentErrors.peekFirst() < cutoff) {
        recentErrors.pollFirst();
      }
      return recentErrors.size();
    }
  }

  private static double p99Ms(Timer t) {
    for (ValueAtPercentile v : t.takeSnapshot().percentileValues()) {
      if (v.percentile() == 0.99) {
        return v.value(TimeUnit.MILLISECONDS);
      }
    }
    return 0;
  }
}
