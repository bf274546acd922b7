package io.kdss.client;

import io.kdss.proto.EcGroup;
import io.kdss.proto.GroupMember;
import io.kdss.proto.Stripe;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the bytes of one stripe that a range needs. Fast path: only the data shards that hold
 * the range, no decoding. A shard that is missing, fails its CRC32C, errors or is slower than
 * {@code hedgeAfterMs} is read around: the other shards are fetched and the missing data
 * decoded from any k of them. Bad shards are reported to the masters for repair. Bytes whose
 * checksum fails are never returned.
 */
final class StripeReader {

  private static final Logger LOG = LoggerFactory.getLogger(StripeReader.class);

  private final KdssClient client;

  StripeReader(KdssClient client) {
    this.client = client;
  }

  /** The stripe's bytes [from, to) (offsets within the stripe), as consecutive buffers. */
  Future<List<Buffer>> read(Context context, Stripe stripe, int from, int to) {
    return ContextHop.to(context, client.groups().byId(stripe.getGroupId()))
        .compose(group -> new Fetch(context, group, stripe, from, to).run());
  }

  /** One stripe read in progress. */
  private final class Fetch {
    private final Context context;
    private final EcGroup group;
    private final Stripe stripe;
    private final int k;
    private final int total;
    private final int shardLen;
    private final int from;
    private final int to;
    private final int firstShard;
    private final int lastShard;
    @SuppressWarnings("unchecked")
    private final Future<Buffer>[] gets;
    private final Promise<List<Buffer>> result = Promise.promise();
    private boolean degraded;
    private boolean decoding;

    @SuppressWarnings("unchecked")
    Fetch(Context context, EcGroup group, Stripe stripe, int from, int to) {
      this.context = context;
      this.group = group;
      this.stripe = stripe;
      this.k = stripe.getScheme().getK();
      this.total = k + stripe.getScheme().getM();
      this.shardLen = stripe.getShardLength();
      this.from = from;
      this.to = to;
      this.firstShard = from / shardLen;
      this.lastShard = (to - 1) / shardLen;
      this.gets = new Future[total];
    }

    Future<List<Buffer>> run() {
      if (group.getMembersCount() != total || stripe.getShardCrc32CCount() != total) {
        return Future.failedFuture(new IllegalStateException("stripe " + stripe.getStripeId()
            + " does not match group " + group.getGroupId()));
      }
      List<Future<Buffer>> needed = new ArrayList<>();
      for (int i = firstShard; i <= lastShard; i++) {
        needed.add(start(i));
      }
      Future.all(needed).onSuccess(v -> result.tryComplete(slices()));
      needed.forEach(f -> f.onFailure(e -> goDegraded(false)));
      long timer = client.vertx().setTimer(client.options().hedgeAfterMs(), t -> {
        if (!result.future().isComplete()) {
          goDegraded(true);
        }
      });
      return result.future().andThen(ar -> client.vertx().cancelTimer(timer));
    }

    private Future<Buffer> start(int i) {
      if (gets[i] == null) {
        GroupMember member = group.getMembers(i);
        gets[i] = get(member, i)
            .recover(e -> e instanceof java.util.concurrent.TimeoutException ? Future.failedFuture(e) : moved(i, member, e))
            .onFailure(e -> report(i, e));
      }
      return gets[i];
    }

    private Future<Buffer> get(GroupMember member, int i) {
      long stripeId = stripe.getStripeId();
      int crc = stripe.getShardCrc32C(i);
      return ContextHop.to(context, Deadline.within(client.vertx(),
              ShardTransport.safely(() -> client.transport().get(member, stripeId, i, shardLen, crc)),
              client.options().shardTimeoutMs(), "shard get from " + member.getDataAddress()))
          .compose(b -> verify(i, b));
    }

    /**
     * A shard that failed may have moved (repair, drain, rebalancing replace members): the
     * group is fetched again and, if member i changed, the shard is read from its new disk
     * before the read turns degraded.
     */
    private Future<Buffer> moved(int i, GroupMember tried, Throwable cause) {
      return ContextHop.to(context, client.groups().refetch(group.getGroupId(), i, tried.getDiskId()))
          .transform(ar -> {
            if (ar.failed() || ar.result().getMembersCount() != total
                || ar.result().getMembers(i).getDiskId().equals(tried.getDiskId())) {
              return Future.failedFuture(cause);
            }
            client.metrics().rerouted.increment();
            return get(ar.result().getMembers(i), i);
          });
    }

    private Future<Buffer> verify(int i, Buffer b) {
      if (b.length() != shardLen) {
        return Future.failedFuture(new ShardCorruptException("shard " + i + " of stripe " + stripe.getStripeId()
            + " has " + b.length() + " bytes, expected " + shardLen));
      }
      CRC32C c = new CRC32C();
      c.update(((BufferInternal) b).getByteBuf().nioBuffer());
      if ((int) c.getValue() != stripe.getShardCrc32C(i)) {
        return Future.failedFuture(new ShardCorruptException("shard " + i + " of stripe " + stripe.getStripeId()
            + " fails its CRC32C"));
      }
      return Future.succeededFuture(b);
    }

    private void report(int i, Throwable e) {
      if (e instanceof java.util.concurrent.TimeoutException) {
        return;
      }
      client.metrics().badShards.increment();
      client.placement().reportBadShard(group.getGroupId(), stripe.getStripeId(), i,
          group.getMembers(i).getDiskId(), String.valueOf(e.getMessage()));
      LOG.atDebug().addKeyValue("stripe", stripe.getStripeId()).addKeyValue("shard", i).setCause(e).log("shard read failed");
    }

    /** Fetches every other shard and decodes the needed ones from the first k to arrive. */
    private void goDegraded(boolean hedge) {
      if (degraded || result.future().isComplete()) {
        return;
      }
      degraded = true;
      (hedge ? client.metrics().hedgedReads : client.metrics().degradedReads).increment();
      List<Future<Buffer>> all = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        all.add(start(i));
      }
      int[] arrived = {0};
      int[] settled = {0};
      for (Future<Buffer> f : all) {
        f.onComplete(ar -> {
          settled[0]++;
          if (ar.succeeded()) {
            arrived[0]++;
          }
          if (result.future().isComplete()) {
            return;
          }
          if (neededPresent()) {
            result.tryComplete(slices());
          } else if (arrived[0] >= k && !decoding) {
            decoding = true;
            decode().onComplete(d -> {
              if (d.succeeded()) {
                result.tryComplete(d.result());
              } else {
                result.tryFail(d.cause());
              }
            });
          } else if (settled[0] == total && arrived[0] < k) {
            result.tryFail(new StripeUnreadableException("stripe " + stripe.getStripeId() + " of group "
                + group.getGroupId() + ": only " + arrived[0] + " of " + total + " shards readable, "
                + k + " needed"));
          }
        });
      }
    }

    private boolean neededPresent() {
      for (int i = firstShard; i <= lastShard; i++) {
        if (gets[i] == null || !gets[i].succeeded()) {
          return false;
        }
      }
      return true;
    }

    private List<Buffer> slices() {
      List<Buffer> out = new ArrayList<>();
      for (int i = firstShard; i <= lastShard; i++) {
        out.add(slice(i, gets[i].result()));
      }
      return out;
    }

    private Buffer slice(int i, Buffer shard) {
      int start = Math.max(from - i * shardLen, 0);
      int end = Math.min(to - i * shardLen, shardLen);
      return shard.slice(start, end);
    }

    private Future<List<Buffer>> decode() {
      ByteBuf block = PooledByteBufAllocator.DEFAULT.directBuffer(total * shardLen);
      block.writerIndex(total * shardLen);
      ByteBuffer[] shards = new ByteBuffer[total];
      List<Integer> erased = new ArrayList<>();
      int used = 0;
      for (int i = 0; i < total; i++) {
        boolean have = gets[i] != null && gets[i].succeeded();
        boolean needed = i >= firstShard && i <= lastShard;
        if (have && used < k) {
          shards[i] = block.nioBuffer(i * shardLen, shardLen);
          shards[i].duplicate().put(((BufferInternal) gets[i].result()).getByteBuf().nioBuffer());
          used++;
        } else if (needed && !have) {
          shards[i] = block.nioBuffer(i * shardLen, shardLen);
          erased.add(i);
        }
      }
      int[] lost = erased.stream().mapToInt(Integer::intValue).toArray();
      return ContextHop.to(context, client.coder().decode(k, total - k, shards, lost)).map(v -> {
        List<Buffer> out = new ArrayList<>();
        for (int i = firstShard; i <= lastShard; i++) {
          Buffer shard = gets[i] != null && gets[i].succeeded() ? gets[i].result()
              : Buffer.buffer(copy(shards[i]));
          out.add(slice(i, shard));
        }
        return out;
      }).andThen(ar -> block.release());
    }

    private byte[] copy(ByteBuffer b) {
      byte[] bytes = new byte[b.remaining()];
      b.duplicate().get(bytes);
      return bytes;
    }
  }
}
