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
import io.vertx.core.buffer.Buffer;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Executes data-plane requests against the node's disks, off the event loop; errors become statuses. */
final class ShardRequests {

  private static final int MAX_LIST = 10_000;

  private final VolumeSet volumes;

  ShardRequests(VolumeSet volumes) {
    this.volumes = volumes;
  }

  /** Never fails: every outcome is a reply frame. */
  CompletableFuture<ShardFrame> handle(ShardFrame f) {
    Volume v = volumes.volume(f.diskId());
    if (v == null) {
      return CompletableFuture.completedFuture(f.error(ShardStatus.NO_SUCH_DISK, "no disk " + f.diskId() + " on this node"));
    }
    DiskLog log = v.log();
    return CompletableFuture.supplyAsync(() -> execute(f, log), volumes.cpu())
        .thenCompose(x -> x)
        .exceptionally(e -> f.error(status(f.op(), e), message(e)));
  }

  private CompletableFuture<ShardFrame> execute(ShardFrame f, DiskLog log) {
    ShardKey key = new ShardKey(f.stripeId(), f.shardIndex());
    return switch (f.op()) {
      case PUT -> log.put(key, MemorySegment.ofArray(f.body().getBytes()), f.payloadCrc())
          .thenApply(loc -> f.reply(ShardStatus.OK, loc.payloadCrc(), null));
      case GET -> log.get(key).thenApply(d -> d == null
          ? f.error(ShardStatus.NOT_FOUND, "no shard " + key)
          : f.reply(ShardStatus.OK, d.crc(), Buffer.buffer(d.payload())));
      case DELETE -> log.delete(deleted(f.body())).thenApply(x -> f.reply(ShardStatus.OK, 0, null));
      case STAT -> {
        ShardLocation loc = log.stat(key);
        yield CompletableFuture.completedFuture(loc == null ? f.error(ShardStatus.NOT_FOUND, "no shard " + key)
            : f.reply(ShardStatus.OK, loc.payloadCrc(), Buffer.buffer(4).appendInt(loc.payloadLength())));
      }
      case LIST -> CompletableFuture.completedFuture(list(f, log));
    };
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
