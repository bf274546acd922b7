package io.kdss.client;

import io.kdss.client.master.MasterClient;
import io.kdss.proto.AbandonStripesRequest;
import io.kdss.proto.AbandonedStripe;
import io.kdss.proto.AllocateGroupRequest;
import io.kdss.proto.BadShardReport;
import io.kdss.proto.EcGroup;
import io.kdss.proto.EcScheme;
import io.kdss.proto.ShardId;
import io.vertx.core.Future;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link StripePlacement} over the masters' PlacementService, with their failover. */
public final class MasterStripePlacement implements StripePlacement {

  private static final Logger LOG = LoggerFactory.getLogger(MasterStripePlacement.class);

  private final MasterClient masters;

  public MasterStripePlacement(MasterClient masters) {
    this.masters = masters;
  }

  @Override
  public Future<EcGroup> openGroup(EcScheme scheme, Collection<Long> excludeGroupIds) {
    return masters.allocateGroup(AllocateGroupRequest.newBuilder().setScheme(scheme)
        .addAllExcludeGroupIds(excludeGroupIds).build());
  }

  @Override
  public Future<EcGroup> group(long groupId) {
    return masters.getGroup(groupId);
  }

  @Override
  public Future<Long> reserveStripeIds(int count) {
    return masters.reserveStripeIds(count).map(range -> {
      if (range.getCount() < count) {
        throw new IllegalStateException("master reserved " + range.getCount() + " stripe ids, asked " + count);
      }
      return range.getFirst();
    });
  }

  @Override
  public void reportBadShard(long groupId, long stripeId, int index, String diskId, String reason) {
    masters.reportBadShard(BadShardReport.newBuilder().setGroupId(groupId).setDiskId(diskId).setReason(reason)
            .setShard(ShardId.newBuilder().setStripeId(stripeId).setIndex(index)).build())
        .onFailure(e -> LOG.atWarn().addKeyValue("stripe", stripeId).addKeyValue("shard", index).setCause(e)
            .log("bad shard not reported"));
  }

  @Override
  public Future<Void> abandonStripe(long groupId, long stripeId) {
    return masters.getGroup(groupId)
        .compose(g -> masters.abandonStripes(AbandonStripesRequest.newBuilder().addStripes(AbandonedStripe.newBuilder()
            .setGroupId(groupId).setStripeId(stripeId).setShards(g.getMembersCount())).build()))
        .<Void>mapEmpty()
        .onFailure(e -> LOG.atWarn().addKeyValue("group", groupId).addKeyValue("stripe", stripeId).setCause(e)
            .log("abandoned stripe not queued for deletion; its shards stay until an orphan scrub"));
  }
}
