package io.kdss.master.repair;

import io.kdss.master.heartbeat.OrderOutbox;
import io.kdss.master.lease.Fence;
import io.kdss.master.placement.ClusterView;
import io.kdss.proto.NodeState;
import io.kdss.proto.Order;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds single shards in place: {@code bad_shards} documents ({@code _id: "stripe:index"},
 * from readers' ReportBadShard and from the storage scrubbers' heartbeat reports) become
 * RepairShard orders to the disk that should hold the shard, which decodes it from the other
 * members and appends it again (the new record replaces the corrupt or missing one). A
 * stripe that is no longer recorded, or a member that is lost or being moved (its group task
 * rebuilds it anyway), just drops the report. A shard that fails {@link #MAX_TRIES} times is
 * logged and dropped; a later read or scrub reports it again.
 */
final class BadShardRepairer {

  private static final Logger LOG = LoggerFactory.getLogger(BadShardRepairer.class);
  public static final String COLLECTION = "bad_shards";
  static final int MAX_TRIES = 5;

  private final MongoClient mongo;
  private final GroupStripes stripes;
  private final OrderOutbox outbox;
  private final OrderPacer pacer;
  private final RepairProgress progress;
  private final long orderTimeoutMs;
  private final int batch;
  /** Report id -> (sent at ms, node): the node's pacer slot is given back on the answer or on expiry. */
  private final Map<String, Sent> inFlight = new HashMap<>();

  private record Sent(long atMs, String nodeId) {
  }
  private volatile long waiting;

  BadShardRepairer(MongoClient mongo, GroupStripes stripes, OrderOutbox outbox, OrderPacer pacer,
      RepairProgress progress, long orderTimeoutMs, int batch) {
    this.mongo = mongo;
    this.stripes = stripes;
    this.outbox = outbox;
    this.pacer = pacer;
    this.progress = progress;
    this.orderTimeoutMs = orderTimeoutMs;
    this.batch = batch;
  }

  /** Reports waiting at the last pass. */
  long waiting() {
    return waiting;
  }

  void reset() {
    inFlight.clear();
  }

  Future<Void> run(ClusterView view, Fence fence, Map<Long, Integer> movingMember) {
    long now = System.currentTimeMillis();
    inFlight.values().removeIf(sent -> {
      if (now - sent.atMs() > orderTimeoutMs) {
        pacer.release(sent.nodeId());
        return true;
      }
      return false;
    });
    if (!pacer.hasTokens()) {
      return Future.succeededFuture();
    }
    FindOptions o = new FindOptions().setLimit(batch + inFlight.size()).setSort(new JsonObject().put("reportedMs", 1));
    return mongo.findWithOptions(COLLECTION, new JsonObject(), o).compose(docs -> {
      List<JsonObject> todo = docs.stream().filter(d -> !inFlight.containsKey(d.getString("_id"))).toList();
      List<Long> ids = new ArrayList<>();
      todo.forEach(d -> ids.add(stripeOf(d.getString("_id"))));
      return stripes.byId(Set.copyOf(ids)).compose(found -> {
        List<Future<?>> drops = new ArrayList<>();
        for (JsonObject d : todo) {
          String why = order(d, found, view, fence, movingMember);
          if (why != null) {
            drops.add(remove(d.getString("_id")));
            LOG.atDebug().addKeyValue("shard", d.getString("_id")).addKeyValue("reason", why).log("bad-shard report dropped");
          }
        }
        return Future.join(drops);
      }).compose(v -> mongo.count(COLLECTION, new JsonObject())).map(n -> {
        waiting = n;
        return null;
      });
    });
  }

  /** Sends the order; returns why the report is dropped instead, or null (sent or waiting). */
  private String order(JsonObject d, Map<Long, GroupStripes.StripeInfo> found, ClusterView view, Fence fence,
      Map<Long, Integer> movingMember) {
    String id = d.getString("_id");
    long stripe = stripeOf(id);
    int index = Integer.parseInt(id.substring(id.indexOf(':') + 1));
    GroupStripes.StripeInfo info = found.get(stripe);
    if (info == null) {
      return "stripe no longer recorded";
    }
    ClusterView.Group g = GroupMover.group(view, info.groupId());
    if (g == null || index < 0 || index >= g.members().size()) {
      return "group unknown";
    }
    if (movingMember.getOrDefault(g.id(), -1) == index) {
      return "member being moved";
    }
    ClusterView.Member m = g.members().get(index);
    if (!view.memberAvailable(m)) {
      return "member unavailable (the group repair covers it)";
    }
    ClusterView.Node node = view.node(m.nodeId());
    if (node == null || node.state() != NodeState.NODE_UP || !pacer.tryAcquire(node.id())) {
      return null;
    }
    Order.Builder order = RepairOrders.build(view, g, info, index, m.diskId(), null);
    if (order == null) {
      pacer.release(node.id());
      return null;
    }
    Sent sent = new Sent(System.currentTimeMillis(), node.id());
    inFlight.put(id, sent);
    outbox.send(node.id(), fence.epoch(), order, r -> {
      if (!inFlight.remove(id, sent)) {
        return;
      }
      pacer.release(node.id());
      if (r.getOk()) {
        if (!r.getAlreadyPresent()) {
          progress.badShardRebuilt();
          LOG.atInfo().addKeyValue("stripe", stripe).addKeyValue("shard", index).addKeyValue("disk", m.diskId())
              .log("bad shard rebuilt in place");
        }
        remove(id);
      } else {
        failed(id, d.getInteger("tries", 0) + 1, r.getError());
      }
    });
    return null;
  }

  private void failed(String id, int tries, String error) {
    if (tries >= MAX_TRIES) {
      LOG.atError().addKeyValue("shard", id).addKeyValue("error", error).log("bad shard could not be rebuilt; dropped");
      remove(id);
      return;
    }
    mongo.updateCollection(COLLECTION, new JsonObject().put("_id", id),
        new JsonObject().put("$set", new JsonObject().put("tries", tries).put("error", error)));
  }

  private Future<Void> remove(String id) {
    return mongo.removeDocuments(COLLECTION, new JsonObject().put("_id", id)).mapEmpty();
  }

  static long stripeOf(String id) {
    return Long.parseLong(id.substring(0, id.indexOf(':')));
  }
}
