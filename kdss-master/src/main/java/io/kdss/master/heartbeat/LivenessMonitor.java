package io.kdss.master.heartbeat;

import io.kdss.master.MasterOptions;
import io.kdss.master.lease.Fence;
import io.kdss.master.placement.ClusterView;
import io.kdss.meta.MetaCollections;
import io.kdss.proto.NodeState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's judgement of node liveness: a node silent (no report to any master) for
 * {@code suspectAfterMs} is SUSPECT, for {@code downAfterMs} DOWN, and UP again as soon as it
 * reports. Silence is measured from the newer of the stored {@code lastHeartbeat} (any
 * master) and this master's own last report. DECOMMISSIONED is an operator's state and
 * sticks. Writes are fenced by the leader's epoch.
 */
public final class LivenessMonitor {

  private static final Logger LOG = LoggerFactory.getLogger(LivenessMonitor.class);

  private final MongoClient mongo;
  private final MasterOptions options;
  private final NodeRegistry registry;

  public LivenessMonitor(MongoClient mongo, MasterOptions options, NodeRegistry registry) {
    this.mongo = mongo;
    this.options = options;
    this.registry = registry;
  }

  /** State a node should be in after {@code silentMs} without a report. */
  public static NodeState stateFor(long silentMs, MasterOptions options) {
    if (silentMs >= options.downAfterMs()) {
      return NodeState.NODE_DOWN;
    }
    return silentMs >= options.suspectAfterMs() ? NodeState.NODE_SUSPECT : NodeState.NODE_UP;
  }

  /** Applies state changes; returns the number of nodes that changed. */
  public Future<Integer> run(ClusterView view, Fence fence) {
    long now = System.currentTimeMillis();
    Map<String, Long> heard = registry.lastSeen();
    List<Future<Boolean>> writes = new ArrayList<>();
    for (ClusterView.Node n : view.nodes().values()) {
      if (n.state() == NodeState.NODE_DECOMMISSIONED) {
        continue;
      }
      long last = Math.max(n.lastHeartbeatMs(), heard.getOrDefault(n.id(), 0L));
      NodeState next = stateFor(now - last, options);
      if (next != n.state()) {
        LOG.atInfo().addKeyValue("node", n.id()).addKeyValue("from", n.state()).addKeyValue("to", next)
            .addKeyValue("silentMs", now - last).log("node state");
        writes.add(mongo.updateCollection(MetaCollections.NODES,
                fence.guard(new JsonObject().put("_id", n.id()).put("state", n.state().name())),
                new JsonObject().put("$set", fence.stamp(new JsonObject().put("state", next.name()).put("stateSince", now))))
            .map(r -> r.getDocMatched() == 1));
      }
    }
    return Future.all(writes).map(all -> (int) writes.stream().filter(Future::result).count());
  }
}
