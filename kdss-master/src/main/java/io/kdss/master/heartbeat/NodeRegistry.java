package io.kdss.master.heartbeat;

import io.kdss.meta.MetaCollections;
import io.kdss.proto.DiskReport;
import io.kdss.proto.NodeReport;
import io.kdss.proto.NodeState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this master hears from storage nodes. Every report updates the in-memory live view
 * (the leader judges liveness from it together with what other masters wrote). Documents are
 * written at a bounded rate so N masters x M nodes x D disks do not flood the store: a node's
 * {@code lastHeartbeat} at most every {@code persistEveryMs} (well under the SUSPECT
 * threshold), a volume when its state or health changes, when its usage moved by more than
 * 1% of capacity, or every {@code volumeEveryMs} anyway.
 *
 * <pre>
 * nodes:   {_id, address, rack, roles, version, disks:[diskId], lastHeartbeat ($max over masters),
 *           state, stateSince, registeredMs, fence}     state is the leader's (fenced)
 * volumes: {_id: diskId, nodeId, path, capacity, used, garbage, free, health, deviceHealth,
 *           ioHealth, dataHealth, state, shardCount, ioErrors, crcErrors, reportedMs}
 * </pre>
 */
public final class NodeRegistry {

  private final MongoClient mongo;
  private final long persistEveryMs;
  private final long volumeEveryMs;
  private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
  private final Map<String, Long> nodePersisted = new ConcurrentHashMap<>();
  private final Map<String, String> nodeShape = new ConcurrentHashMap<>();
  private final Map<String, DiskReport> diskPersisted = new ConcurrentHashMap<>();
  private final Map<String, Long> diskPersistedMs = new ConcurrentHashMap<>();
  private final java.util.Set<String> corruptSeen = ConcurrentHashMap.newKeySet();
  /** Collection of shards to rebuild in place (also written by PlacementService.ReportBadShard). */
  static final String BAD_SHARDS = "bad_shards";
  private static final int MAX_CORRUPT_REMEMBERED = 100_000;

  public NodeRegistry(MongoClient mongo, long persistEveryMs, long volumeEveryMs) {
    this.mongo = mongo;
    this.persistEveryMs = persistEveryMs;
    this.volumeEveryMs = volumeEveryMs;
  }

  /** When this master last heard from each node (its own clock, ms). */
  public Map<String, Long> lastSeen() {
    return lastSeen;
  }

  public Future<Void> record(NodeReport report) {
    long now = System.currentTimeMillis();
    String node = report.getNodeId();
    lastSeen.put(node, now);
    List<Future<?>> writes = new ArrayList<>();
    String shape = report.getDataAddress() + "|" + report.getRack() + "|" + report.getRolesList() + "|"
        + report.getVersion() + "|" + report.getDisksList().stream().map(DiskReport::getDiskId).toList();
    Long persisted = nodePersisted.get(node);
    if (persisted == null || now - persisted >= persistEveryMs || !shape.equals(nodeShape.get(node))) {
      nodePersisted.put(node, now);
      nodeShape.put(node, shape);
      writes.add(upsertNode(report, now));
    }
    for (DiskReport d : report.getDisksList()) {
      for (io.kdss.proto.ShardId bad : d.getCorruptShardsList()) {
        if (corruptSeen.add(d.getDiskId() + "/" + bad.getStripeId() + ":" + bad.getIndex())) {
          writes.add(reportCorrupt(d.getDiskId(), bad, now));
        }
      }
      if (diskChanged(d, now)) {
        diskPersisted.put(d.getDiskId(), d);
        diskPersistedMs.put(d.getDiskId(), now);
        writes.add(upsertVolume(node, d, now));
      }
    }
    return Future.all(writes).mapEmpty();
  }

  /**
   * A shard a node's scrubber found corrupt goes to {@code bad_shards} (as readers' reports
   * do) for the leader to rebuild in place; each is written once per master run.
   */
  private Future<?> reportCorrupt(String diskId, io.kdss.proto.ShardId shard, long now) {
    if (corruptSeen.size() > MAX_CORRUPT_REMEMBERED) {
      corruptSeen.clear();
    }
    JsonObject set = new JsonObject().put("diskId", diskId).put("reason", "scrub: stored CRC32C mismatch")
        .put("reportedMs", now);
    return mongo.updateCollectionWithOptions(BAD_SHARDS,
        new JsonObject().put("_id", shard.getStripeId() + ":" + shard.getIndex()),
        new JsonObject().put("$setOnInsert", set), new UpdateOptions().setUpsert(true));
  }

  private Future<?> upsertNode(NodeReport r, long now) {
    JsonArray disks = new JsonArray();
    r.getDisksList().forEach(d -> disks.add(d.getDiskId()));
    JsonObject set = new JsonObject()
        .put("address", r.getDataAddress())
        .put("rack", r.getRack().isEmpty() ? "default" : r.getRack())
        .put("roles", new JsonArray(new ArrayList<>(r.getRolesList())))
        .put("version", r.getVersion())
        .put("disks", disks);
    JsonObject update = new JsonObject()
        .put("$set", set)
        .put("$max", new JsonObject().put("lastHeartbeat", now))
        .put("$setOnInsert", new JsonObject().put("state", NodeState.NODE_UP.name())
            .put("stateSince", now).put("registeredMs", now));
    return mongo.updateCollectionWithOptions(MetaCollections.NODES, new JsonObject().put("_id", r.getNodeId()),
        update, new UpdateOptions().setUpsert(true));
  }

  private boolean diskChanged(DiskReport d, long now) {
    DiskReport before = diskPersisted.get(d.getDiskId());
    if (before == null || now - diskPersistedMs.getOrDefault(d.getDiskId(), 0L) >= volumeEveryMs) {
      return true;
    }
    long step = Math.max(1, d.getCapacityBytes() / 100);
    return before.getState() != d.getState() || before.getHealth() != d.getHealth()
        || before.getDeviceHealth() != d.getDeviceHealth() || before.getIoHealth() != d.getIoHealth()
        || before.getDataHealth() != d.getDataHealth() || before.getCapacityBytes() != d.getCapacityBytes()
        || Math.abs(before.getUsedBytes() - d.getUsedBytes()) >= step
        || Math.abs(before.getFreeBytes() - d.getFreeBytes()) >= step
        || !before.getPath().equals(d.getPath());
  }

  private Future<?> upsertVolume(String node, DiskReport d, long now) {
    JsonObject set = new JsonObject()
        .put("nodeId", node)
        .put("path", d.getPath())
        .put("capacity", d.getCapacityBytes())
        .put("used", d.getUsedBytes())
        .put("garbage", d.getGarbageBytes())
        .put("free", d.getFreeBytes())
        .put("health", d.getHealth().name())
        .put("deviceHealth", d.getDeviceHealth().name())
        .put("ioHealth", d.getIoHealth().name())
        .put("dataHealth", d.getDataHealth().name())
        .put("state", d.getState().name())
        .put("shardCount", d.getShardCount())
        .put("ioErrors", d.getIoErrors())
        .put("crcErrors", d.getCrcErrors())
        .put("reportedMs", now);
    return mongo.updateCollectionWithOptions(MetaCollections.VOLUMES, new JsonObject().put("_id", d.getDiskId()),
        new JsonObject().put("$set", set), new UpdateOptions().setUpsert(true));
  }
}
