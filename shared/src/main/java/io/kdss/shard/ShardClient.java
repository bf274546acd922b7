package io.kdss.shard;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client of the storage nodes' data plane (used by the S3 gateway, FUSE and peers for
 * repair): async, a small pool of pipelined TCP connections per node, CRC32C end to end
 * (PUT sends the payload's CRC, which the node checks before writing; GET returns the stored
 * CRC, checked here before the bytes are handed out).
 *
 * <p>A shard is addressed by the node's data address ({@code host:port}), the disk id and
 * (stripeId, shardIndex). Batches are pipelined requests: {@link #putAll}, {@link #getAll},
 * and {@link #delete} of many shards in one message.
 */
public final class ShardClient {

  private final Vertx vertx;
  private final NetClient net;
  private final ShardClientOptions options;
  private final Map<String, List<Future<ShardConnection>>> pools = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong next = new AtomicLong();

  private ShardClient(Vertx vertx, ShardClientOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.net = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true)
        .setConnectTimeout(options.connectTimeoutMs()).setReceiveBufferSize(4 << 20).setSendBufferSize(4 << 20));
  }

  public static ShardClient create(Vertx vertx, ShardClientOptions options) {
    return new ShardClient(vertx, options);
  }

  /** One shard to write in a batch. */
  public record Put(UUID diskId, long stripeId, int shardIndex, Buffer payload) {
  }

  /** Writes a shard; completes once the node has it durably. */
  public Future<Void> put(String node, UUID diskId, long stripeId, int shardIndex, Buffer payload) {
    return put(node, diskId, stripeId, shardIndex, payload, ShardFrame.crc32c(payload));
  }

  /**
   * Writes a shard whose CRC32C the caller already computed (the stripe writer has it from
   * encoding), so the bytes are not read once more here. The node checks the payload against
   * it before writing: a wrong value fails the put (BAD_CRC), it never stores a bad shard.
   */
  public Future<Void> put(String node, UUID diskId, long stripeId, int shardIndex, Buffer payload, int crc32c) {
    return call(node, ShardFrame.request(ShardOp.PUT, ids.incrementAndGet(), diskId, stripeId, shardIndex, crc32c,
        payload)).mapEmpty();
  }

  /** Reads a shard, verified against its CRC32C; fails with NOT_FOUND if it is not there. */
  public Future<Buffer> get(String node, UUID diskId, long stripeId, int shardIndex) {
    return call(node, ShardFrame.request(ShardOp.GET, ids.incrementAndGet(), diskId, stripeId, shardIndex, 0, null))
        .compose(f -> {
          if (ShardFrame.crc32c(f.body()) != f.payloadCrc()) {
            return Future.failedFuture(new ShardException(ShardStatus.CORRUPT,
                "shard " + stripeId + "/" + shardIndex + " arrived with a CRC32C mismatch"));
          }
          return Future.succeededFuture(f.body());
        });
  }

  /** Deletes shards of one disk (one tombstone on the node); missing shards are ignored. */
  public Future<Void> delete(String node, UUID diskId, List<ShardInfo> shards) {
    Buffer body = Buffer.buffer(4 + 12 * shards.size()).appendInt(shards.size());
    shards.forEach(s -> body.appendLong(s.stripeId()).appendInt(s.shardIndex()));
    return call(node, ShardFrame.request(ShardOp.DELETE, ids.incrementAndGet(), diskId, 0, 0, 0, body)).mapEmpty();
  }

  /** Length and CRC of a stored shard, without reading it. */
  public Future<ShardInfo> stat(String node, UUID diskId, long stripeId, int shardIndex) {
    return call(node, ShardFrame.request(ShardOp.STAT, ids.incrementAndGet(), diskId, stripeId, shardIndex, 0, null))
        .map(f -> new ShardInfo(stripeId, shardIndex, f.body().getInt(0), f.payloadCrc()));
  }

  /** Shards of a disk with {@code fromStripe <= stripeId < toStripe}, in order, at most {@code limit}. */
  public Future<List<ShardInfo>> list(String node, UUID diskId, long fromStripe, long toStripe, int limit) {
    Buffer body = Buffer.buffer(12).appendLong(toStripe).appendInt(limit);
    return call(node, ShardFrame.request(ShardOp.LIST, ids.incrementAndGet(), diskId, fromStripe, 0, 0, body))
        .map(f -> {
          Buffer b = f.body();
          int n = b.getInt(0);
          List<ShardInfo> out = new ArrayList<>(n);
          for (int i = 0, p = 4; i < n; i++, p += 20) {
            out.add(new ShardInfo(b.getLong(p), b.getInt(p + 8), b.getInt(p + 12), b.getInt(p + 16)));
          }
          return out;
        });
  }

  /** Writes many shards to one node, pipelined; completes when all are durable (fails on the first error). */
  public Future<Void> putAll(String node, List<Put> puts) {
    List<Future<Void>> all = new ArrayList<>(puts.size());
    puts.forEach(p -> all.add(put(node, p.diskId(), p.stripeId(), p.shardIndex(), p.payload())));
    return Future.all(all).mapEmpty();
  }

  /** Reads many shards of one disk, pipelined; the results are in request order. */
  public Future<List<Buffer>> getAll(String node, UUID diskId, List<ShardInfo> shards) {
    List<Future<Buffer>> all = new ArrayList<>(shards.size());
    shards.forEach(s -> all.add(get(node, diskId, s.stripeId(), s.shardIndex())));
    return Future.all(all).map(cf -> {
      List<Buffer> out = new ArrayList<>(all.size());
      all.forEach(f -> out.add(f.result()));
      return out;
    });
  }

  private Future<ShardFrame> call(String node, ShardFrame request) {
    return connection(node).compose(c -> c.send(request)).compose(f -> f.status() == ShardStatus.OK
        ? Future.succeededFuture(f)
        : Future.failedFuture(new ShardException(f.status(), f.body().toString())));
  }

  private Future<ShardConnection> connection(String node) {
    List<Future<ShardConnection>> pool = pools.computeIfAbsent(node, n -> new ArrayList<>());
    synchronized (pool) {
      pool.removeIf(f -> f.failed() || (f.succeeded() && !f.result().usable()));
      if (pool.size() < options.connectionsPerNode()) {
        pool.add(connect(node));
      }
      return pool.get((int) (next.getAndIncrement() % pool.size()));
    }
  }

  private Future<ShardConnection> connect(String node) {
    int colon = node.lastIndexOf(':');
    String host = node.substring(0, colon);
    int port = Integer.parseInt(node.substring(colon + 1));
    return net.connect(port, host).map(s -> new ShardConnection(vertx, s, options.requestTimeoutMs()))
        .recover(e -> Future.failedFuture(new ShardException(ShardStatus.UNAVAILABLE,
            "cannot connect to storage node " + node + ": " + e.getMessage())));
  }

  public Future<Void> close() {
    return net.close();
  }
}
