package io.kdss.storage.volume;

import io.kdss.proto.DiskReport;
import io.kdss.proto.VolumeState;
import io.kdss.storage.StorageOptions;
import io.kdss.storage.compaction.SegmentCompactor;
import io.kdss.storage.disk.SuperBlock;
import io.kdss.storage.health.DataScrubber;
import io.kdss.storage.health.DeviceHealthProbe;
import io.kdss.storage.health.DiskHealth;
import io.kdss.storage.health.HealthLevel;
import io.kdss.storage.log.DiskLog;
import io.kdss.storage.log.SegmentTable;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open disk of a storage node: its log, health, compactor and scrubber, and the
 * background thread that runs compaction, scrubbing, SMART probes and the health rule
 * "a FAILED disk turns read-only by itself".
 */
public final class Volume implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Volume.class);
  private static final long HEALTH_CHECK_MS = 5_000;

  private final Path path;
  private final DiskLog log;
  private final DiskHealth health;
  private final SegmentCompactor compactor;
  private final DataScrubber scrubber;
  private final StorageOptions options;
  private final ScheduledExecutorService background;
  private final List<Meter> meters = new ArrayList<>();
  private final MeterRegistry registry;
  private volatile long shardCount;

  Volume(Path path, DiskLog log, DiskHealth health, StorageOptions options, MeterRegistry registry) {
    this.path = path;
    this.log = log;
    this.health = health;
    this.options = options;
    this.registry = registry;
    this.compactor = new SegmentCompactor(log, options.compaction());
    this.scrubber = options.health().scrubRateBytesPerSec() > 0
        ? new DataScrubber(log, options.health().scrubRateBytesPerSec()) : null;
    this.shardCount = log.shardCount();
    this.background = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name("kdss-disk-bg-" + log.name()).factory());
    registerMeters();
  }

  /** Starts compaction, scrubbing and health checks in the background. */
  void startBackground() {
    background.execute(this::recoverCompaction);
    background.scheduleWithFixedDelay(this::checkHealth, 0, HEALTH_CHECK_MS, TimeUnit.MILLISECONDS);
    background.scheduleWithFixedDelay(() -> health.device(DeviceHealthProbe.probe(path)), 0,
        options.health().smartIntervalMs(), TimeUnit.MILLISECONDS);
    if (options.compaction().enabled()) {
      long every = options.compaction().intervalMs();
      background.scheduleWithFixedDelay(this::compact, every, every, TimeUnit.MILLISECONDS);
    }
    if (scrubber != null) {
      long every = options.health().scrubIntervalMs();
      background.scheduleWithFixedDelay(this::scrub, every, every, TimeUnit.MILLISECONDS);
    }
  }

  public UUID diskId() {
    return log.identity().diskId();
  }

  public Path path() {
    return path;
  }

  public DiskLog log() {
    return log;
  }

  public DiskHealth health() {
    return health;
  }

  public SegmentCompactor compactor() {
    return compactor;
  }

  public DataScrubber scrubber() {
    return scrubber;
  }

  public VolumeState state() {
    return switch (log.mode()) {
      case ACTIVE -> VolumeState.VOLUME_ACTIVE;
      case READONLY -> VolumeState.VOLUME_READONLY;
      case FAILED -> VolumeState.VOLUME_FAILED;
    };
  }

  /** This disk as the heartbeat reports it. */
  public DiskReport report() {
    SegmentTable.Space s = log.space();
    return DiskReport.newBuilder()
        .setDiskId(diskId().toString()).setPath(path.toString())
        .setCapacityBytes(s.capacityBytes()).setUsedBytes(s.usedBytes()).setGarbageBytes(s.garbageBytes())
        .setFreeBytes(log.mode() == SuperBlock.Mode.ACTIVE ? s.freeBytes() : 0)
        .setHealth(health.combined().toProto()).setDeviceHealth(health.deviceLevel().toProto())
        .setIoHealth(health.ioLevel().toProto()).setDataHealth(health.dataLevel().toProto())
        .setState(state()).setShardCount(shardCount)
        .setWriteLatencyP99Ms(health.writeP99Ms()).setReadLatencyP99Ms(health.readP99Ms())
        .setIoErrors(health.ioErrorCount()).setCrcErrors(health.crcErrorCount())
        .build();
  }

  public JsonObject toJson() {
    SegmentTable.Space s = log.space();
    return health.toJson()
        .put("diskId", diskId().toString()).put("path", path.toString()).put("mode", log.mode().name())
        .put("engine", log.device().engine() + (log.device().direct() ? "+O_DIRECT" : " (buffered)"))
        .put("capacityBytes", s.capacityBytes()).put("usedBytes", s.usedBytes())
        .put("garbageBytes", s.garbageBytes()).put("freeBytes", s.freeBytes()).put("shards", shardCount)
        .put("compactedSegments", compactor.compactedSegments())
        .put("scrubPasses", scrubber == null ? 0 : scrubber.passes());
  }

  /** Runs one scrub pass now (tests, admin); returns the corrupt shards found. */
  public int scrubNow() throws InterruptedException {
    return scrubber == null ? 0 : scrubber.pass();
  }

  private void recoverCompaction() {
    try {
      compactor.cleanUpAndRecover();
    } catch (Exception e) {
      LOG.atWarn().addKeyValue("disk", diskId()).setCause(e).log("interrupted compaction could not be resumed");
    }
  }

  private void compact() {
    if (log.mode() != SuperBlock.Mode.ACTIVE) {
      return;
    }
    try {
      compactor.compactAll();
    } catch (Exception e) {
      LOG.atWarn().addKeyValue("disk", diskId()).addKeyValue("error", String.valueOf(e)).log("compaction failed");
    }
  }

  private void scrub() {
    try {
      int bad = scrubber.pass();
      if (bad > 0) {
        LOG.atWarn().addKeyValue("disk", diskId()).addKeyValue("corrupt", bad).log("scrub found corrupt shards");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.atWarn().addKeyValue("disk", diskId()).addKeyValue("error", String.valueOf(e)).log("scrub pass failed");
    }
  }

  /** Keeps the cached shard count fresh and turns a FAILED disk read-only. */
  void checkHealth() {
    shardCount = log.shardCount();
    String failure = log.failure();
    if (failure != null) {
      health.fatal(failure);
    }
    if (health.combined() == HealthLevel.FAILED && log.mode() == SuperBlock.Mode.ACTIVE) {
      LOG.atError().addKeyValue("disk", diskId()).addKeyValue("path", path).addKeyValue("health", health.toJson().encode())
          .log("disk FAILED: switching it to read-only");
      log.setMode(SuperBlock.Mode.READONLY).exceptionally(e -> null);
    }
  }

  private void registerMeters() {
    Tags t = Tags.of("disk", log.name());
    meters.add(Gauge.builder("kdss.disk.capacity.bytes", log, l -> l.space().capacityBytes()).tags(t).register(registry));
    meters.add(Gauge.builder("kdss.disk.used.bytes", log, l -> l.space().usedBytes()).tags(t).register(registry));
    meters.add(Gauge.builder("kdss.disk.garbage.bytes", log, l -> l.space().garbageBytes()).tags(t).register(registry));
    meters.add(Gauge.builder("kdss.disk.free.bytes", log, l -> l.space().freeBytes()).tags(t).register(registry));
    meters.add(Gauge.builder("kdss.disk.shards", this, v -> v.shardCount).tags(t).register(registry));
    meters.add(Gauge.builder("kdss.disk.health", health, h -> h.combined().toProto().getNumber())
        .description("0 unknown, 1 ok, 2 degraded, 3 failing, 4 failed").tags(t).register(registry));
    meters.add(FunctionCounter.builder("kdss.disk.compacted.segments", compactor, SegmentCompactor::compactedSegments)
        .tags(t).register(registry));
    meters.add(FunctionCounter.builder("kdss.disk.compaction.copied.bytes", compactor, SegmentCompactor::copiedBytes)
        .tags(t).register(registry));
    if (scrubber != null) {
      meters.add(FunctionCounter.builder("kdss.disk.scrubbed.records", scrubber, DataScrubber::scrubbedRecords)
          .tags(t).register(registry));
      meters.add(Gauge.builder("kdss.disk.scrub.progress", scrubber, DataScrubber::progress).tags(t).register(registry));
    }
  }

  @Override
  public void close() {
    background.shutdownNow();
    try {
      background.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    meters.forEach(registry::remove);
    log.close();
  }
}
