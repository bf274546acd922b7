package io.kdss.storage.volume;

import io.kdss.observe.HealthStatus;
import io.kdss.storage.DiskOptions;
import io.kdss.storage.StorageOptions;
import io.kdss.storage.disk.SuperBlock;
import io.kdss.storage.format.DiskFormatter;
import io.kdss.storage.health.DiskHealth;
import io.kdss.storage.health.HealthLevel;
import io.kdss.storage.index.LmdbShardIndex;
import io.kdss.storage.io.AlignedBuffers;
import io.kdss.storage.io.BlockDevices;
import io.kdss.storage.log.DiskLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every disk of a storage node: opened (and, with autoFormat, created and formatted) at
 * start, looked up by disk id by the shard server and the heartbeat. A disk that cannot be
 * used (another cluster's, another filesystem's, unreadable) is kept out with its reason,
 * and the node runs with the others.
 */
public final class VolumeSet implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VolumeSet.class);

  private final StorageOptions options;
  private final String nodeId;
  private final MeterRegistry registry;
  private final AlignedBuffers buffers = new AlignedBuffers();
  private final ExecutorService cpu;
  private final Map<UUID, Volume> volumes = new ConcurrentHashMap<>();
  private final Map<String, String> refused = new ConcurrentHashMap<>();
  private volatile UUID clusterId;
  /** Blank disks formatted by the last {@link #open}. */
  private int formatted;

  public VolumeSet(StorageOptions options, String nodeId, MeterRegistry registry) {
    this.options = options;
    this.nodeId = nodeId;
    this.registry = registry;
    this.cpu = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
        Thread.ofPlatform().daemon().name("kdss-storage-cpu-", 0).factory());
  }

  /** Threads for CPU work off the event loops (CRC checks, index lookups, payload copies). */
  public ExecutorService cpu() {
    return cpu;
  }

  /**
   * Opens every configured disk (blocking: call from a worker thread). {@code cluster}
   * supplies the cluster id (from the masters), waited for only if a blank disk must be
   * formatted; it may return null when no master answered.
   */
  public void open(Supplier<UUID> cluster) {
    formatted = 0;
    long started = System.nanoTime();
    for (DiskOptions d : options.disks()) {
      try {
        Volume v = openOne(d, cluster);
        if (v != null) {
          volumes.put(v.diskId(), v);
          v.startBackground();
        }
      } catch (IOException | RuntimeException e) {
        refuse(d.path(), "cannot open: " + e.getMessage());
      }
    }
    // The one routine line per node; each disk's details are at DEBUG, anything abnormal at WARN.
    LOG.atInfo().addKeyValue("disks", volumes.size()).addKeyValue("refused", refused.size())
        .addKeyValue("formatted", formatted)
        .addKeyValue("engine", volumes.values().stream().map(v -> v.log().device().engine()
            + (v.log().device().direct() ? "+O_DIRECT" : "")).distinct().sorted().toList())
        .addKeyValue("ms", (System.nanoTime() - started) / 1_000_000).log("storage disks opened");
  }

  private Volume openOne(DiskOptions d, Supplier<UUID> cluster) throws IOException {
    Path path = d.path();
    if (!Files.exists(path) && d.sizeBytes() > 0) {
      Files.createDirectories(path.toAbsolutePath().getParent());
      try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
        f.setLength(d.sizeBytes());
      }
      LOG.atDebug().addKeyValue("disk", path).addKeyValue("bytes", d.sizeBytes()).log("created sparse disk image");
    }
    DiskFormatter.Found found = DiskFormatter.inspect(path);
    if (found.kdss() == null) {
      if (!options.autoFormat() || !found.blank()) {
        refuse(path, found.blank() ? "not a KDSS disk: format it with `kdss format " + path + "`"
            : "holds a " + found.signature() + ": refusing to touch it (format it with `kdss format --force`)");
        return null;
      }
      UUID id = clusterId != null ? clusterId : cluster.get();
      if (id == null) {
        refuse(path, "blank, but no master told this node the cluster id: cannot format it yet");
        return null;
      }
      clusterId = id;
      long seg = segmentSizeFor(Files.size(path) > 0 ? Files.size(path) : d.sizeBytes());
      SuperBlock sb = DiskFormatter.format(path, new DiskFormatter.Request(id, nodeId, seg, false),
          line -> LOG.atDebug().addKeyValue("disk", path).log(line));
      formatted++;
      LOG.atDebug().addKeyValue("disk", path).addKeyValue("diskId", sb.diskId()).addKeyValue("segments", sb.segmentCount())
          .log("formatted blank disk (autoFormat)");
      found = new DiskFormatter.Found(null, sb);
    }
    SuperBlock sb = found.kdss();
    if (clusterId != null && !sb.clusterId().equals(clusterId)) {
      refuse(path, "belongs to cluster " + sb.clusterId() + ", this node's cluster is " + clusterId);
      return null;
    }
    if (volumes.containsKey(sb.diskId())) {
      refuse(path, "same disk id " + sb.diskId() + " as " + volumes.get(sb.diskId()).path() + " (a copied image?)");
      return null;
    }
    DiskHealth health = new DiskHealth(sb.diskId().toString().substring(0, 8), options.health(), registry);
    DiskLog log = DiskLog.open(BlockDevices.open(path, options.ioEngine()),
        LmdbShardIndex.open(options.indexDir().resolve(sb.diskId().toString()), options.indexMapSize()),
        options.log(), health, cpu, buffers);
    LOG.atDebug().addKeyValue("disk", path).addKeyValue("diskId", sb.diskId()).addKeyValue("engine", log.device().engine())
        .addKeyValue("direct", log.device().direct()).addKeyValue("mode", log.mode()).log("disk open");
    return new Volume(path, log, health, options, registry);
  }

  /**
   * Segment size for a disk this node formats: as configured, smaller on disks too small for
   * 16 segments, but always large enough for the largest shard.
   */
  long segmentSizeFor(long deviceBytes) {
    long seg = options.segmentSize();
    long cap = ((deviceBytes - 4096) / 16) & ~((1L << 20) - 1);
    long fitsLargestShard = (options.log().maxShardBytes() + 8192L + (1L << 20) - 1) & ~((1L << 20) - 1);
    return Math.max(fitsLargestShard, Math.min(seg, cap));
  }

  private void refuse(Path path, String why) {
    refused.put(path.toString(), why);
    LOG.atWarn().addKeyValue("disk", path).addKeyValue("reason", why).log("disk not used");
  }

  /** The cluster id learned from a master: disks of another cluster are taken offline. */
  public void clusterId(UUID id) {
    if (id.equals(clusterId)) {
      return;
    }
    clusterId = id;
    for (Volume v : List.copyOf(volumes.values())) {
      if (!v.log().identity().clusterId().equals(id)) {
        volumes.remove(v.diskId());
        refuse(v.path(), "belongs to cluster " + v.log().identity().clusterId() + ", the masters' cluster is " + id);
        cpu.execute(v::close);
      }
    }
  }

  public UUID clusterId() {
    return clusterId;
  }

  public Volume volume(UUID diskId) {
    return volumes.get(diskId);
  }

  public List<Volume> volumes() {
    return new ArrayList<>(volumes.values());
  }

  /** The node's storage health for /health: the worst disk, and DOWN with no usable disk. */
  public HealthStatus health() {
    JsonArray disks = new JsonArray();
    HealthLevel worst = HealthLevel.OK;
    for (Volume v : volumes.values()) {
      disks.add(v.toJson());
      worst = worst.worst(v.health().combined());
    }
    JsonObject off = new JsonObject();
    refused.forEach(off::put);
    JsonObject details = new JsonObject().put("disks", disks).put("refused", off).put("clusterId",
        clusterId == null ? null : clusterId.toString());
    if (volumes.isEmpty()) {
      return HealthStatus.down(details.put("reason", "no usable disk"));
    }
    boolean bad = !refused.isEmpty() || worst.ordinal() >= HealthLevel.DEGRADED.ordinal();
    return bad ? HealthStatus.degraded(details) : HealthStatus.up(details);
  }

  @Override
  public void close() {
    volumes.values().forEach(Volume::close);
    volumes.clear();
    cpu.shutdown();
  }
}
