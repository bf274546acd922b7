package io.kdss.master.repair;

import io.kdss.master.placement.ClusterView;
import io.kdss.shard.ShardClient;
import io.kdss.shard.ShardInfo;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * VERIFY: asks the target disk's node which shards it holds in the group's stripe range
 * (the data plane's LIST: index entries, no data read) and returns the stripes whose shard
 * {@code member} is absent or has another CRC32C than the one recorded. This catches stripes
 * recorded after the copy listed the group and answers lost with a leader.
 */
final class TargetCheck {

  static final int PAGE = 10_000;

  private final ShardClient shards;

  TargetCheck(ShardClient shards) {
    this.shards = shards;
  }

  Future<List<GroupStripes.StripeInfo>> missing(ClusterView view, RepairTask task, List<GroupStripes.StripeInfo> all) {
    if (all.isEmpty()) {
      return Future.succeededFuture(new ArrayList<>());
    }
    ClusterView.Node node = view.nodeOf(task.to());
    if (node == null || node.address().isEmpty()) {
      return Future.failedFuture(new IllegalStateException("target disk " + task.to() + " has no node address"));
    }
    long first = all.getFirst().stripeId();
    long last = all.getLast().stripeId();
    Map<Long, Integer> held = new HashMap<>();
    return page(node.address(), UUID.fromString(task.to()), first, last + 1, task.member(), held).map(v -> {
      List<GroupStripes.StripeInfo> out = new ArrayList<>();
      for (GroupStripes.StripeInfo s : all) {
        Integer crc = held.get(s.stripeId());
        if (crc == null || crc != (int) (long) s.crcs().get(task.member())) {
          out.add(s);
        }
      }
      return out;
    });
  }

  private Future<Void> page(String address, UUID disk, long from, long to, int member, Map<Long, Integer> held) {
    return shards.list(address, disk, from, to, PAGE).compose(infos -> {
      for (ShardInfo i : infos) {
        if (i.shardIndex() == member) {
          held.put(i.stripeId(), i.crc32c());
        }
      }
      if (infos.size() < PAGE) {
        return Future.succeededFuture();
      }
      return page(address, disk, infos.getLast().stripeId() + 1, to, member, held);
    });
  }
}
