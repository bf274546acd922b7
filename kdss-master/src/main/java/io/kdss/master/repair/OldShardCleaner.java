package io.kdss.master.repair;

import io.kdss.master.heartbeat.OrderOutbox;
import io.kdss.master.lease.Fence;
import io.kdss.master.placement.ClusterView;
import io.kdss.proto.DeleteShards;
import io.kdss.proto.NodeState;
import io.kdss.proto.Order;
import io.kdss.proto.ShardId;
import io.kdss.proto.VolumeState;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CLEANUP: once a member has been replaced and {@code delayMs} has passed (readers holding the
 * old membership have moved on), DeleteShards orders remove shard {@code member} of every
 * stripe of the group from the old disk (tombstones; compaction frees the space). Redundancy
 * never dropped: the copy was verified and swapped in before. A lost old disk needs nothing;
 * a lost member whose node is still away is left for the storage-side orphan scrub.
 */
final class OldShardCleaner {

  private static final Logger LOG = LoggerFactory.getLogger(OldShardCleaner.class);
  /** Shards per DeleteShards order (one tombstone record each). */
  static final int BATCH = 4096;

  private final GroupStripes stripes;
  private final OrderOutbox outbox;
  private final long orderTimeoutMs;
  private final Map<Long, Deleting> deleting = new HashMap<>();

  private static final class Deleting {
    final Map<Long, Long> orders = new HashMap<>();
    long sentMs;
    int failures;
  }

  OldShardCleaner(GroupStripes stripes, OrderOutbox outbox, long orderTimeoutMs) {
    this.stripes = stripes;
    this.outbox = outbox;
    this.orderTimeoutMs = orderTimeoutMs;
  }

  /** One step; true when the task has nothing left to clean. */
  Future<Boolean> run(RepairTask task, ClusterView view, Fence fence, long delayMs) {
    long now = System.currentTimeMillis();
    if (now < task.swappedMs() + delayMs) {
      return Future.succeededFuture(false);
    }
    ClusterView.Disk old = view.disk(task.from());
    if (old == null || old.state() == VolumeState.VOLUME_FAILED || old.health() == io.kdss.proto.Health.HEALTH_FAILED) {
      return Future.succeededFuture(true);
    }
    ClusterView.Node node = view.node(old.nodeId());
    if (node == null || node.state() != NodeState.NODE_UP) {
      if (task.kind() == RepairTask.Kind.REPAIR || node == null || node.state() == NodeState.NODE_DOWN) {
        LOG.atInfo().addKeyValue("group", task.groupId()).addKeyValue("disk", task.from())
            .log("old member unreachable: its shards are left to the orphan scrub");
        deleting.remove(task.groupId());
        return Future.succeededFuture(true);
      }
      return Future.succeededFuture(false);
    }
    Deleting d = deleting.get(task.groupId());
    if (d != null) {
      if (d.orders.isEmpty()) {
        deleting.remove(task.groupId());
        return Future.succeededFuture(true);
      }
      if (now - d.sentMs < orderTimeoutMs) {
        return Future.succeededFuture(false);
      }
      if (++d.failures > 3) {
        LOG.atWarn().addKeyValue("group", task.groupId()).addKeyValue("disk", task.from())
            .log("old member's shards could not be deleted: left to the orphan scrub");
        deleting.remove(task.groupId());
        return Future.succeededFuture(true);
      }
    }
    return stripes.ofGroup(task.groupId()).map(list -> {
      send(task, node.id(), fence, list);
      return false;
    });
  }

  private void send(RepairTask task, String nodeId, Fence fence, List<GroupStripes.StripeInfo> list) {
    Deleting d = deleting.computeIfAbsent(task.groupId(), g -> new Deleting());
    d.orders.clear();
    d.sentMs = System.currentTimeMillis();
    for (int at = 0; at < list.size(); at += BATCH) {
      List<ShardId> ids = new ArrayList<>();
      for (GroupStripes.StripeInfo s : list.subList(at, Math.min(list.size(), at + BATCH))) {
        ids.add(ShardId.newBuilder().setStripeId(s.stripeId()).setIndex(task.member()).build());
      }
      long key = at;
      long id = outbox.send(nodeId, fence.epoch(), Order.newBuilder().setDeleteShards(
          DeleteShards.newBuilder().setDiskId(task.from()).addAllShards(ids)), r -> {
            if (r.getOk() && d.orders.get(key) != null && d.orders.get(key) == r.getOrderId()) {
              d.orders.remove(key);
            }
          });
      d.orders.put(key, id);
    }
  }

  void reset() {
    deleting.clear();
  }
}
