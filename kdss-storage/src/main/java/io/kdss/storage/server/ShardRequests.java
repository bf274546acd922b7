package io.kdss.storage.server;

import io.kdss.shard.ShardFrame;
import io.kdss.shard.ShardOp;
import io.kdss.shard.ShardStatus;
import io.kdss.storage.StorageException;
import io.kdss.storage.disk.ShardKey;
import io.kdss.storage.index.ShardLocation;
import io.kdss.storage.log.DiskLog;
import io.kdss.storage.volume.Volume;
import io.kdss.storage.volume.VolumeSet;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Executes data-plane requests against the node's disks, off the event loop; errors become statuses. */
final class ShardRequests {

  /**
   * A reply frame and what to release once its body is on the wire: a GET's body is the
   * pooled buffer the disk read into, sent as is (no copy to the heap).
   */
  record Reply(ShardFrame frame, AutoCloseable resource) {

    static Reply of(ShardFrame frame) {
      return new Reply(frame, null);
    }

    void release() {
      if (resource != null) {
        try {
          resource.close();
        } catch (Exception e) {
          throw new IllegalStateException("releasing a reply buffer failed", e);
        }
      }
    }
  }

  private static final int MAX_LIST = 10_000;

  private final VolumeSet volumes;

  ShardRequests(VolumeSet volumes) {
    this.volumes = volumes;
  }

  /** Never fails: every outcome is a reply frame. */
  CompletableFuture<Reply> handle(ShardFrame f) {
    Volume v = volumes.volume(f.diskId());
    if (v == null) {
      return CompletableFuture.completedFuture(Reply.of(f.error(ShardStatus.NO_SUCH_DISK,
          "no disk " + f.diskId() + " on this node")));
    }
    DiskLog log = v.log();
    return CompletableFuture.supplyAsync(() -> execute(f, log), volumes.cpu())
        .thenCompose(x -> x)
        .exceptionally(e -> Reply.of(f.error(status(f.op(), e), message(e))));
  }

  private CompletableFuture<Reply> execute(ShardFrame f, DiskLog log) {
    ShardKey key = new ShardKey(f.stripeId(), f.shardIndex());
    return switch (f.op()) {
      // The body is the buffer the frame parser produced: the append copies it into its
      // staging buffer once, no copy before that.
      case PUT -> log.put(key, MemorySegment.ofBuffer(((BufferInternal) f.body()).getByteBuf().nioBuffer()),
              f.payloadCrc())
          .thenApply(loc -> Reply.of(f.reply(ShardStatus.OK, loc.payloadCrc(), null)));
      case GET -> log.read(key).thenApply(b -> b == null
          ? Reply.of(f.error(ShardStatus.NOT_FOUND, "no shard " + key))
          : new Reply(f.reply(ShardStatus.OK, b.crc(), offHeap(b.payload())), b));
      case DELETE -> log.delete(deleted(f.body())).thenApply(x -> Reply.of(f.reply(ShardStatus.OK, 0, null)));
      case STAT -> {
        ShardLocation loc = log.stat(key);
        yield CompletableFuture.completedFuture(Reply.of(loc == null ? f.error(ShardStatus.NOT_FOUND, "no shard " + key)
            : f.reply(ShardStatus.OK, loc.payloadCrc(), Buffer.buffer(4).appendInt(loc.payloadLength()))));
      }
      case LIST -> CompletableFuture.completedFuture(Reply.of(list(f, log)));
    };
  }

  /** A Vert.x buffer over off-heap bytes, without copying them (valid while they are). */
  private static Buffer offHeap(MemorySegment bytes) {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes.asByteBuffer()));
  }

  private static ShardFrame list(ShardFrame f, DiskLog log) {
    long to = f.body().getLong(0);
    int limit = Math.min(MAX_LIST, Math.max(0, f.body().getInt(8)));
    List<Map.Entry<ShardKey, ShardLocation>> found = log.list(f.stripeId(), to, limit);
    Buffer b = Buffer.buffer(4 + 20 * found.size()).appendInt(found.size());
    for (Map.Entry<ShardKey, ShardLocation> e : found) {
      b.appendLong(e.getKey().stripeId()).appendInt(e.getKey().shardIndex())
          .appendInt(e.getValue().payloadLength()).appendInt(e.getValue().payloadCrc());
    }
    return f.reply(ShardStatus.OK, 0, b);
  }

  private static List<ShardKey> deleted(Buffer body) {
    int n = body.getInt(0);
    if (n < 0 || body.length() != 4 + 12 * n) {
      throw new StorageException.Refused("delete body announces " + n + " shards in " + body.length() + " bytes");
    }
    List<ShardKey> keys = new ArrayList<>(n);
    for (int i = 0, p = 4; i < n; i++, p += 12) {
      keys.add(new ShardKey(body.getLong(p), body.getInt(p + 8)));
    }
    return keys;
  }

  static ShardStatus status(ShardOp op, Throwable e) {
    Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return switch (c) {
      case StorageException.Corrupt x -> op == ShardOp.PUT ? ShardStatus.BAD_CRC : ShardStatus.CORRUPT;
      case StorageException.DiskFull x -> ShardStatus.DISK_FULL;
      case StorageException.Unavailable x -> ShardStatus.UNAVAILABLE;
      case StorageException.Refused x -> ShardStatus.BAD_REQUEST;
      case IndexOutOfBoundsException x -> ShardStatus.BAD_REQUEST;
      default -> ShardStatus.INTERNAL;
    };
  }

  private static String message(Throwable e) {
    Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return String.valueOf(c.getMessage());
  }
}
