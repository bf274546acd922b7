package io.kdss.master.gc;

import io.kdss.master.heartbeat.OrderOutbox;
import io.kdss.master.lease.Fence;
import io.kdss.master.placement.ClusterView;
import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.kdss.proto.DeleteShards;
import io.kdss.proto.NodeState;
import io.kdss.proto.Order;
import io.kdss.proto.ShardId;
import io.kdss.proto.VolumeState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's garbage collector. Each pass takes due documents of the {@link GarbageQueue}:
 * <ul>
 *   <li>content claims are verified against their entry ({@link ContentReaper}); dead
 *       contents become stripe documents; claims whose change failed are dropped;</li>
 *   <li>stripe documents are expanded through the groups into one DeleteShards order per
 *       disk, sent on the leader's heartbeat replies. Each disk that confirms is pulled
 *       from the document's {@code pending} list; an empty list deletes the document. A disk
 *       whose volume failed or vanished is dropped (its shards are gone with it); a node that
 *       is not UP keeps its disks pending until it returns. Unanswered orders are re-sent after
 *       the order timeout (deleting is idempotent on the node). The stripes' markers
 *       ({@link ReleasedStripes}) are removed after their document.</li>
 * </ul>
 * A leader's first pass of its term first marks the stripes of documents an older version
 * queued without markers ({@link ReleasedStripes#backfill}).
 * Nothing live is ever deleted: a stripe reaches this queue only once no extent references it.
 */
public final class GarbageCollector {

  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
  static final int BATCH = 200;
  static final int FENCE_AFTER_TRIES = 3;

  private final MongoClient mongo;
  private final GarbageQueue queue;
  private final ContentReaper reaper;
  private final OrderOutbox outbox;
  private final long orderTimeoutMs;
  private final Map<String, Long> ordered = new ConcurrentHashMap<>();
  private final Counter shardsOrdered;
  private final Counter shardsDeleted;
  private volatile long pending;
  private long backfilledEpoch = -1;

  public GarbageCollector(MetaStore store, GarbageQueue queue, ContentReaper reaper, OrderOutbox outbox,
      long orderTimeoutMs, MeterRegistry metrics) {
    this.mongo = store.client();
    this.queue = queue;
    this.reaper = reaper;
    this.outbox = outbox;
    this.orderTimeoutMs = orderTimeoutMs;
    this.shardsOrdered = Counter.builder("kdss.master.gc.shards.ordered").description("shard deletions sent to storage nodes").register(metrics);
    this.shardsDeleted = Counter.builder("kdss.master.gc.shards.deleted").description("shard deletions confirmed").register(metrics);
  }

  /** Documents in the queue at the last pass. */
  public long pending() {
    return pending;
  }

  public Future<Void> run(ClusterView view, Fence fence) {
    return backfill(fence).compose(v -> pass(view, fence));
  }

  /**
   * Every pass until no garbage without markers is left (then the released-stripe check stops
   * asking the queue itself), and once per leadership term after that: masters of an older
   * version may have queued stripes without markers meanwhile.
   */
  private Future<Void> backfill(Fence fence) {
    return queue.released().allMarked().compose(all -> all && backfilledEpoch == fence.epoch()
        ? Future.succeededFuture() : backfillNow(fence));
  }

  private Future<Void> backfillNow(Fence fence) {
    return queue.released().backfill().<Void>map(n -> {
      backfilledEpoch = fence.epoch();
      if (n > 0) {
        LOG.atInfo().addKeyValue("documents", n).log("marked the stripes of garbage queued by an older version");
      }
      return null;
    }).recover(e -> {
      LOG.atWarn().setCause(e).log("marking queued stripes failed: retried on the next pass");
      return Future.succeededFuture();
    });
  }

  private Future<Void> pass(ClusterView view, Fence fence) {
    long now = System.currentTimeMillis();
    outbox.expire(orderTimeoutMs);
    ordered.values().removeIf(t -> now - t > orderTimeoutMs);
    FindOptions o = new FindOptions().setSort(new JsonObject().put("due", 1)).setLimit(BATCH);
    return mongo.findWithOptions(MetaCollections.GARBAGE, new JsonObject().put("due", new JsonObject().put("$lte", now)), o)
        .compose(docs -> {
          Future<Void> chain = Future.succeededFuture();
          for (JsonObject d : docs) {
            chain = chain.compose(v -> handle(d, view, fence).recover(e -> {
              LOG.atWarn().addKeyValue("garbage", d.getValue("_id")).setCause(e).log("garbage not processed");
              return Future.succeededFuture();
            }));
          }
          return chain;
        })
        .compose(v -> queue.size()).map(n -> {
          pending = n;
          return null;
        });
  }

  private Future<Void> handle(JsonObject d, ClusterView view, Fence fence) {
    return "content".equals(d.getString("kind")) ? content(d, fence) : stripes(d, view, fence);
  }

  /**
   * Verifies a content claim. Every change of the claim document is conditioned on the
   * version and due time this pass read: a writer may re-claim the same content meanwhile
   * (a newer overwrite at a newer version), and that fresh claim must survive this pass.
   */
  private Future<Void> content(JsonObject d, Fence fence) {
    long cid = d.getLong("cid");
    long entryId = d.getLong("entryId");
    long v = d.getLong("v");
    JsonObject asRead = fence.guard(new JsonObject().put("_id", d.getString("_id")).put("v", v)
        .put("due", d.getValue("due")));
    return reaper.liveness(cid, entryId, v).compose(l -> switch (l) {
      case DEAD -> reaper.reap(cid).compose(x -> removeClaim(asRead));
      case LIVE_MOVED_ON -> removeClaim(asRead);
      case LIVE -> {
        int tries = d.getInteger("tries", 0) + 1;
        if (tries >= FENCE_AFTER_TRIES) {
          // Fenced: the change made at v can no longer apply, the content stays live. Not
          // fenced: the entry moved on meanwhile (maybe by that very change): the next pass decides.
          yield reaper.fence(entryId, v).compose(fenced -> fenced ? removeClaim(asRead) : Future.succeededFuture());
        }
        yield mongo.updateCollection(MetaCollections.GARBAGE, asRead,
            new JsonObject().put("$set", fence.stamp(new JsonObject().put("tries", tries)
                .put("due", System.currentTimeMillis() + queue.graceMs())))).mapEmpty();
      }
    });
  }

  private Future<Void> removeClaim(JsonObject asRead) {
    return mongo.removeDocuments(MetaCollections.GARBAGE, asRead).mapEmpty();
  }

  private Future<Void> stripes(JsonObject d, ClusterView view, Fence fence) {
    String id = d.getString("_id");
    JsonArray stripes = d.getJsonArray("stripes", new JsonArray());
    Map<String, List<ShardId>> byDisk = shardsByDisk(stripes, view);
    if (byDisk == null) {
      return Future.succeededFuture();
    }
    if (!d.containsKey("pending")) {
      JsonArray disks = new JsonArray(new ArrayList<>(byDisk.keySet()));
      return mongo.updateCollection(MetaCollections.GARBAGE, fence.guard(new JsonObject().put("_id", id)),
              new JsonObject().put("$set", fence.stamp(new JsonObject().put("pending", disks))))
          .compose(r -> r.getDocMatched() == 1 ? stripes(d.copy().put("pending", disks), view, fence) : Future.succeededFuture());
    }
    JsonArray pendingDisks = d.getJsonArray("pending");
    if (pendingDisks.isEmpty()) {
      return remove(id, stripes, fence);
    }
    List<Future<?>> drops = new ArrayList<>();
    for (Object o : pendingDisks) {
      String disk = (String) o;
      ClusterView.Disk vol = view.disk(disk);
      if (vol == null || vol.state() == VolumeState.VOLUME_FAILED) {
        drops.add(confirmed(id, stripes, disk, 0));
        continue;
      }
      ClusterView.Node node = view.node(vol.nodeId());
      String key = id + "|" + disk;
      if (node == null || node.state() != NodeState.NODE_UP || ordered.containsKey(key)) {
        continue;
      }
      List<ShardId> shards = byDisk.getOrDefault(disk, List.of());
      ordered.put(key, System.currentTimeMillis());
      shardsOrdered.increment(shards.size());
      outbox.send(node.id(), fence.epoch(), Order.newBuilder().setDeleteShards(
          DeleteShards.newBuilder().setDiskId(disk).addAllShards(shards)), result -> {
            ordered.remove(key);
            if (result.getOk()) {
              confirmed(id, stripes, disk, shards.size());
            } else {
              LOG.atWarn().addKeyValue("disk", disk).addKeyValue("error", result.getError()).log("shard deletion failed");
            }
          });
    }
    return Future.all(drops).mapEmpty();
  }

  /**
   * Pulls a disk that deleted its shards; the last one removes the document, then its markers
   * (a crash between the two leaves markers of dead stripes: they only refuse stripes nobody
   * may record again).
   */
  private Future<Void> confirmed(String id, JsonArray stripes, String disk, int shards) {
    shardsDeleted.increment(shards);
    return mongo.findOneAndUpdateWithOptions(MetaCollections.GARBAGE, new JsonObject().put("_id", id),
            new JsonObject().put("$pull", new JsonObject().put("pending", disk)), new FindOptions(),
            new io.vertx.ext.mongo.UpdateOptions().setReturningNewDocument(true))
        .compose(doc -> doc != null && doc.getJsonArray("pending", new JsonArray()).isEmpty()
            ? mongo.removeDocuments(MetaCollections.GARBAGE, new JsonObject().put("_id", id))
                .compose(r -> queue.released().unmark(stripes))
            : Future.succeededFuture());
  }

  /** Removes a document with nothing left to delete, then its markers (only if this leader removed it). */
  private Future<Void> remove(String id, JsonArray stripes, Fence fence) {
    return mongo.removeDocuments(MetaCollections.GARBAGE, fence.guard(new JsonObject().put("_id", id)))
        .compose(r -> r.getRemovedCount() > 0 ? queue.released().unmark(stripes) : Future.succeededFuture());
  }

  /** For each disk, the shards of these stripes it holds (shard i on member i); null when a group is unknown. */
  static Map<String, List<ShardId>> shardsByDisk(JsonArray stripes, ClusterView view) {
    Map<Long, ClusterView.Group> groups = new LinkedHashMap<>();
    view.groups().forEach(g -> groups.put(g.id(), g));
    Map<String, List<ShardId>> out = new LinkedHashMap<>();
    for (Object o : stripes) {
      JsonObject s = (JsonObject) o;
      ClusterView.Group g = groups.get(s.getLong("g"));
      if (g == null) {
        LOG.atWarn().addKeyValue("group", s.getLong("g")).addKeyValue("stripe", s.getLong("s"))
            .log("stripe of a group not in the view yet: waiting");
        return null;
      }
      for (int i = 0; i < g.members().size(); i++) {
        out.computeIfAbsent(g.members().get(i).diskId(), k -> new ArrayList<>())
            .add(ShardId.newBuilder().setStripeId(s.getLong("s")).setIndex(i).build());
      }
    }
    return out;
  }
}
