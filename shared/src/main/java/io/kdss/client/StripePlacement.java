package io.kdss.client;

import io.kdss.proto.EcGroup;
import io.kdss.proto.EcScheme;
import io.vertx.core.Future;
import java.util.Collection;

/**
 * What the write and read paths ask of the masters: groups to write to, stripe ids, group
 * membership for reads, and reports of what went wrong. {@code MasterStripePlacement} is the
 * implementation over gRPC.
 */
public interface StripePlacement {

  /** An OPEN group of the scheme, avoiding {@code excludeGroupIds} (groups that just failed a write). */
  Future<EcGroup> openGroup(EcScheme scheme, Collection<Long> excludeGroupIds);

  /** A group's members, to read its stripes. */
  Future<EcGroup> group(long groupId);

  /** Reserves {@code count} consecutive stripe ids; returns the first. */
  Future<Long> reserveStripeIds(int count);

  /** A shard found missing, corrupt or unwritable: the master schedules its repair. */
  void reportBadShard(long groupId, long stripeId, int index, String diskId, String reason);

  /** Shards of a stripe that will never be recorded (quorum missed, upload aborted): delete them. */
  Future<Void> abandonStripe(long groupId, long stripeId);
}
