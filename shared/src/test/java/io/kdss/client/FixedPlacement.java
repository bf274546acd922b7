package io.kdss.client;

import io.kdss.proto.EcGroup;
import io.kdss.proto.EcScheme;
import io.kdss.proto.GroupMember;
import io.kdss.proto.GroupState;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Placement over a fixed set of groups (group g uses disks "g-0".."g-(k+m-1)"), recording reports. */
final class FixedPlacement implements StripePlacement {

  final Map<Long, EcGroup> groups = new ConcurrentHashMap<>();
  final List<String> badShards = java.util.Collections.synchronizedList(new ArrayList<>());
  final List<Long> abandoned = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong ids = new AtomicLong(1000);

  FixedPlacement(EcScheme scheme, int groupCount) {
    for (long g = 1; g <= groupCount; g++) {
      EcGroup.Builder b = EcGroup.newBuilder().setGroupId(g).setScheme(scheme).setState(GroupState.GROUP_OPEN);
      for (int i = 0; i < scheme.getK() + scheme.getM(); i++) {
        b.addMembers(GroupMember.newBuilder().setDiskId(g + "-" + i).setNodeId("n" + i).setDataAddress("127.0.0.1:" + (7000 + i)));
      }
      groups.put(g, b.build());
    }
  }

  @Override
  public Future<EcGroup> openGroup(EcScheme scheme, Collection<Long> excludeGroupIds) {
    for (long g = 1; g <= groups.size(); g++) {
      if (!excludeGroupIds.contains(g)) {
        return Future.succeededFuture(groups.get(g));
      }
    }
    return Future.failedFuture(new IllegalStateException("no group left"));
  }

  @Override
  public Future<EcGroup> group(long groupId) {
    EcGroup g = groups.get(groupId);
    return g == null ? Future.failedFuture("no group " + groupId) : Future.succeededFuture(g);
  }

  @Override
  public Future<Long> reserveStripeIds(int count) {
    return Future.succeededFuture(ids.getAndAdd(count));
  }

  @Override
  public void reportBadShard(long groupId, long stripeId, int index, String diskId, String reason) {
    badShards.add(diskId + "/" + stripeId + "/" + index);
  }

  @Override
  public Future<Void> abandonStripe(long groupId, long stripeId) {
    abandoned.add(stripeId);
    return Future.succeededFuture();
  }
}
