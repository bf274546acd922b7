package io.kdss.client;

import io.kdss.proto.EcGroup;
import io.kdss.proto.EcScheme;
import io.kdss.proto.GroupMember;
import io.kdss.proto.Stripe;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one stripe: parity and CRCs computed off the event loop, the k + m shards put to the
 * members of an OPEN group in parallel, acknowledged once k + {@code writeQuorumExtra} (at
 * most k + m) are durable. A stripe that misses its quorum is abandoned (its written shards
 * become garbage) and written again to another group.
 */
final class StripeWriter {

  private static final Logger LOG = LoggerFactory.getLogger(StripeWriter.class);

  private final KdssClient client;

  StripeWriter(KdssClient client) {
    this.client = client;
  }

  /**
   * Writes {@code dataLen} bytes held in {@code data} (k * shardLen bytes, zero padded) as the
   * stripe at object offset {@code offset}. {@code data} stays owned by the caller.
   */
  Future<Stripe> write(EcScheme scheme, ByteBuf data, int dataLen, int shardLen, long offset) {
    int k = scheme.getK();
    int m = scheme.getM();
    ByteBuf parity = PooledByteBufAllocator.DEFAULT.directBuffer(Math.max(1, m * shardLen));
    parity.writerIndex(m * shardLen);
    return client.coder().encode(k, m, data, parity, shardLen)
        .compose(crcs -> attempt(scheme, data, parity, shardLen, crcs, new HashSet<>(), 1))
        .map(placed -> Stripe.newBuilder()
            .setOffset(offset)
            .setLength(dataLen)
            .setGroupId(placed.groupId)
            .setStripeId(placed.stripeId)
            .setShardLength(shardLen)
            .addAllShardCrc32C(placed.crcs)
            .setScheme(scheme)
            .build())
        .andThen(ar -> parity.release());
  }

  private record Placed(long groupId, long stripeId, List<Integer> crcs) {
  }

  private Future<Placed> attempt(EcScheme scheme, ByteBuf data, ByteBuf parity, int shardLen, int[] crcs,
      Set<Long> excluded, int attempt) {
    return client.groups().open(scheme, excluded).compose(group -> client.stripeIds().next()
        .compose(stripeId -> putAll(group, stripeId, scheme, data, parity, shardLen, crcs)
            .compose(failures -> {
              int k = scheme.getK();
              int total = k + scheme.getM();
              int quorum = Math.min(total, k + client.options().writeQuorumExtra());
              if (total - failures.size() >= quorum) {
                for (int i : failures) {
                  client.placement().reportBadShard(group.getGroupId(), stripeId, i,
                      group.getMembers(i).getDiskId(), "write failed");
                }
                List<Integer> crcList = new ArrayList<>(total);
                for (int c : crcs) {
                  crcList.add(c);
                }
                return Future.succeededFuture(new Placed(group.getGroupId(), stripeId, crcList));
              }
              client.groups().invalidate(group.getGroupId());
              client.placement().abandonStripe(group.getGroupId(), stripeId);
              LOG.atWarn().addKeyValue("group", group.getGroupId()).addKeyValue("stripe", stripeId)
                  .addKeyValue("failedShards", failures.size()).addKeyValue("attempt", attempt)
                  .log("stripe missed its write quorum");
              if (attempt >= client.options().stripeAttempts()) {
                return Future.failedFuture(new WriteQuorumException("stripe missed its write quorum ("
                    + (total - failures.size()) + " of " + quorum + " shards durable) on " + attempt + " groups"));
              }
              excluded.add(group.getGroupId());
              return attempt(scheme, data, parity, shardLen, crcs, excluded, attempt + 1);
            })));
  }

  /** Puts every shard; completes (never fails) with the indexes of the shards that failed. */
  private Future<List<Integer>> putAll(EcGroup group, long stripeId, EcScheme scheme, ByteBuf data, ByteBuf parity,
      int shardLen, int[] crcs) {
    int k = scheme.getK();
    int total = k + scheme.getM();
    if (group.getMembersCount() != total) {
      return Future.failedFuture(new IllegalStateException("group " + group.getGroupId() + " has "
          + group.getMembersCount() + " members, scheme needs " + total));
    }
    List<Future<Void>> puts = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      // Each put holds its own reference to the stripe's memory until the transport is done
      // with it: a put that timed out here may still sit in a connection's write queue after
      // the stripe completed and its owner released the buffers.
      ByteBuf slice = i < k ? data.retainedSlice(data.readerIndex() + i * shardLen, shardLen)
          : parity.retainedSlice(parity.readerIndex() + (i - k) * shardLen, shardLen);
      GroupMember member = group.getMembers(i);
      int index = i;
      Future<Void> put = ShardTransport.safely(() -> client.transport().put(member, stripeId, index,
          BufferInternal.buffer(slice), crcs[index]));
      put.onComplete(ar -> slice.release());
      puts.add(Deadline.within(client.vertx(), put, client.options().shardTimeoutMs(),
          "shard put to " + member.getDataAddress()));
    }
    return Future.join(puts).transform(ar -> {
      List<Integer> failed = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        if (puts.get(i).failed()) {
          failed.add(i);
          LOG.atDebug().addKeyValue("disk", group.getMembers(i).getDiskId()).addKeyValue("stripe", stripeId)
              .setCause(puts.get(i).cause()).log("shard put failed");
        }
      }
      return Future.succeededFuture(failed);
    });
  }
}
