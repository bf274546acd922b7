package io.kdss.master.repair;

import io.kdss.master.placement.ClusterView;
import io.kdss.proto.EcScheme;
import io.kdss.proto.Order;
import io.kdss.proto.RepairShard;
import io.kdss.proto.ShardId;
import io.kdss.proto.ShardSource;

/** Builds RepairShard orders: which disk gets the shard, and where its sources are. */
final class RepairOrders {

  private RepairOrders() {
  }

  /**
   * An order putting shard {@code index} of {@code stripe} on {@code targetDisk}, or null
   * when fewer than k sources are readable and no copy source is given. Sources: the shard's
   * current holder first when {@code copyFrom} is a readable disk (a move copies), then every
   * other readable member (data shards first: the node fetches the first k and more only if
   * some fail). The member being replaced is never a decode source.
   */
  static Order.Builder build(ClusterView view, ClusterView.Group group, GroupStripes.StripeInfo stripe, int index,
      String targetDisk, String copyFrom) {
    RepairShard.Builder r = RepairShard.newBuilder().setDiskId(targetDisk)
        .setShard(ShardId.newBuilder().setStripeId(stripe.stripeId()).setIndex(index))
        .setScheme(EcScheme.newBuilder().setK(stripe.k()).setM(stripe.m()))
        .setShardLength(stripe.shardLength()).setCrc32C((int) (long) stripe.crcs().get(index))
        .setGroupId(group.id());
    boolean copy = false;
    if (copyFrom != null && !copyFrom.equals(targetDisk)) {
      ClusterView.Node n = view.nodeOf(copyFrom);
      ClusterView.Disk d = view.disk(copyFrom);
      if (n != null && d != null && view.memberAvailable(new ClusterView.Member(copyFrom, n.id()))) {
        r.addSources(source(index, copyFrom, n.address(), stripe));
        copy = true;
      }
    }
    int others = 0;
    for (int j = 0; j < group.members().size(); j++) {
      ClusterView.Member m = group.members().get(j);
      if (j == index || m.diskId().equals(targetDisk) || !view.memberAvailable(m)) {
        continue;
      }
      ClusterView.Node n = view.node(m.nodeId());
      if (n == null || n.address().isEmpty()) {
        continue;
      }
      r.addSources(source(j, m.diskId(), n.address(), stripe));
      others++;
    }
    if (!copy && others < stripe.k()) {
      return null;
    }
    return Order.newBuilder().setRepairShard(r);
  }

  private static ShardSource source(int index, String disk, String address, GroupStripes.StripeInfo stripe) {
    return ShardSource.newBuilder().setIndex(index).setDiskId(disk).setDataAddress(address)
        .setCrc32C((int) (long) stripe.crcs().get(index)).build();
  }
}
