package io.kdss.storage;

import io.kdss.config.ConfigException;
import io.kdss.config.ConfigSection;
import io.kdss.config.NodeOptions;
import io.kdss.storage.compaction.CompactionOptions;
import io.kdss.storage.health.HealthOptions;
import io.kdss.storage.io.BlockDevices;
import io.kdss.storage.log.DiskLogOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A storage node's settings ({@code storage:} in a node config). Sizes accept {@code 64MiB}
 * style values; times are in milliseconds.
 *
 * <pre>
 * storage:
 *   host, port (7200: gRPC, /health, /metrics), dataPort (7201: shard data plane, binary TCP)
 *   indexDir, indexMapSize, autoFormat, segmentSize, ioEngine (auto | io_uring | filechannel)
 *   maxShardSize, maxBatchSize
 *   compaction: {enabled, garbagePercent, rate, intervalMs}
 *   scrub:      {rate, intervalMs}
 *   health:     {slowP99Ms, smartIntervalMs}
 *   disks:      [path | {path, size}]
 * </pre>
 */
public final class StorageOptions {

  public static final String DEFAULT_HOST = "127.0.0.1";
  /** Port of the control plane (gRPC), /health and /metrics. */
  public static final int DEFAULT_PORT = 7200;
  /** Port of the shard data plane (binary protocol on TCP, see docs/architecture.md). */
  public static final int DEFAULT_DATA_PORT = 7201;
  /** Where the LMDB shard indexes live (meant for an SSD); relative to the data dir. */
  public static final String DEFAULT_INDEX_DIR = "index";
  /** Largest size each disk's LMDB index may grow to (a sparse mapping). */
  public static final long DEFAULT_INDEX_MAP_SIZE = 4L << 30;
  /** Format blank disks at start (dev); production formats with {@code kdss format}. */
  public static final boolean DEFAULT_AUTO_FORMAT = false;
  /** Segment size written into the superblock when this node formats a disk (autoFormat). */
  public static final long DEFAULT_SEGMENT_SIZE = 256L << 20;
  public static final String DEFAULT_IO_ENGINE = "auto";

  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private int dataPort = DEFAULT_DATA_PORT;
  private Path indexDir;
  private long indexMapSize = DEFAULT_INDEX_MAP_SIZE;
  private boolean autoFormat = DEFAULT_AUTO_FORMAT;
  private long segmentSize = DEFAULT_SEGMENT_SIZE;
  private BlockDevices.Engine ioEngine = BlockDevices.Engine.AUTO;
  private DiskLogOptions log = new DiskLogOptions();
  private CompactionOptions compaction = new CompactionOptions();
  private HealthOptions health = new HealthOptions();
  private List<DiskOptions> disks = new ArrayList<>();

  public StorageOptions() {
  }

  public StorageOptions(ConfigSection s, NodeOptions node) {
    host = s.string("host", DEFAULT_HOST);
    port = s.port("port", DEFAULT_PORT, true);
    dataPort = s.port("dataPort", DEFAULT_DATA_PORT, true);
    indexDir = node.dataDir().resolve(s.string("indexDir", DEFAULT_INDEX_DIR));
    indexMapSize = s.bytes("indexMapSize", DEFAULT_INDEX_MAP_SIZE);
    autoFormat = s.bool("autoFormat", DEFAULT_AUTO_FORMAT);
    segmentSize = s.bytes("segmentSize", DEFAULT_SEGMENT_SIZE);
    ioEngine = BlockDevices.Engine.valueOf(s.oneOf("ioEngine", DEFAULT_IO_ENGINE,
        List.of("auto", "io_uring", "filechannel")).toUpperCase(Locale.ROOT));
    long maxShard = s.bytes("maxShardSize", DiskLogOptions.DEFAULT_MAX_SHARD_BYTES);
    long maxBatch = s.bytes("maxBatchSize", DiskLogOptions.DEFAULT_MAX_BATCH_BYTES);
    readCompaction(s.section("compaction"));
    readHealth(s.section("scrub"), s.section("health"));
    boolean runs = node.runs("storage");
    for (ConfigSection d : s.sections("disks")) {
      disks.add(runs ? new DiskOptions(d, node.dataDir()) : new DiskOptions(node.dataDir(), 0));
    }
    s.finish();
    check(s, "indexMapSize", indexMapSize >= (16L << 20), "must be at least 16MiB");
    check(s, "segmentSize", segmentSize >= (1L << 20) && segmentSize % 4096 == 0 && segmentSize <= (16L << 30),
        "must be a multiple of 4KiB between 1MiB and 16GiB");
    check(s, "maxShardSize", maxShard >= 4096 && maxShard <= (16L << 20), "must be between 4KiB and 16MiB");
    check(s, "maxBatchSize", maxBatch >= maxShard && maxBatch <= (256L << 20), "must be between maxShardSize and 256MiB");
    check(s, "maxShardSize", maxShard + 8192 <= segmentSize, "must leave room in a segment (segmentSize)");
    log.setMaxShardBytes((int) maxShard).setMaxBatchBytes((int) maxBatch);
    if (runs && disks.isEmpty()) {
      throw new ConfigException(s.keyPath("disks"), "a storage node needs at least one disk");
    }
  }

  private void readCompaction(ConfigSection c) {
    compaction.setEnabled(c.bool("enabled", CompactionOptions.DEFAULT_ENABLED))
        .setGarbageRatio(c.integer("garbagePercent", (int) (CompactionOptions.DEFAULT_GARBAGE_RATIO * 100), 1, 99) / 100.0)
        .setRateBytesPerSec(c.bytes("rate", CompactionOptions.DEFAULT_RATE_BYTES_PER_SEC))
        .setIntervalMs(c.integer("intervalMs", CompactionOptions.DEFAULT_INTERVAL_MS, 100, 86_400_000));
    c.finish();
    check(c, "rate", compaction.rateBytesPerSec() >= (1 << 20), "must be at least 1MiB (per second)");
  }

  private void readHealth(ConfigSection scrub, ConfigSection h) {
    health.setScrubRateBytesPerSec(scrub.bytes("rate", HealthOptions.DEFAULT_SCRUB_RATE_BYTES_PER_SEC))
        .setScrubIntervalMs(scrub.integer("intervalMs", HealthOptions.DEFAULT_SCRUB_INTERVAL_MS, 1000, Integer.MAX_VALUE));
    scrub.finish();
    health.setSlowP99Ms(h.integer("slowP99Ms", HealthOptions.DEFAULT_SLOW_P99_MS, 1, 600_000))
        .setSmartIntervalMs(h.integer("smartIntervalMs", HealthOptions.DEFAULT_SMART_INTERVAL_MS, 1000, Integer.MAX_VALUE));
    h.finish();
  }

  private static void check(ConfigSection s, String key, boolean ok, String message) {
    if (!ok) {
      throw new ConfigException(s.keyPath(key), message);
    }
  }

  public String host() {
    return host;
  }

  public StorageOptions setHost(String host) {
    this.host = host;
    return this;
  }

  public int port() {
    return port;
  }

  public StorageOptions setPort(int port) {
    this.port = port;
    return this;
  }

  public int dataPort() {
    return dataPort;
  }

  public StorageOptions setDataPort(int dataPort) {
    this.dataPort = dataPort;
    return this;
  }

  public Path indexDir() {
    return indexDir;
  }

  public StorageOptions setIndexDir(Path indexDir) {
    this.indexDir = indexDir;
    return this;
  }

  public long indexMapSize() {
    return indexMapSize;
  }

  public StorageOptions setIndexMapSize(long v) {
    this.indexMapSize = v;
    return this;
  }

  public boolean autoFormat() {
    return autoFormat;
  }

  public StorageOptions setAutoFormat(boolean autoFormat) {
    this.autoFormat = autoFormat;
    return this;
  }

  public long segmentSize() {
    return segmentSize;
  }

  public StorageOptions setSegmentSize(long v) {
    this.segmentSize = v;
    return this;
  }

  public BlockDevices.Engine ioEngine() {
    return ioEngine;
  }

  public StorageOptions setIoEngine(BlockDevices.Engine e) {
    this.ioEngine = e;
    return this;
  }

  public DiskLogOptions log() {
    return log;
  }

  public CompactionOptions compaction() {
    return compaction;
  }

  public HealthOptions health() {
    return health;
  }

  public List<DiskOptions> disks() {
    return disks;
  }

  public StorageOptions setDisks(List<DiskOptions> disks) {
    this.disks = new ArrayList<>(disks);
    return this;
  }
}
