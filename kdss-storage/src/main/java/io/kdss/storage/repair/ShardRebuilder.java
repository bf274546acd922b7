package io.kdss.storage.repair;

import io.kdss.ec.ErasureCodec;
import io.kdss.proto.Order;
import io.kdss.proto.OrderResult;
import io.kdss.proto.RepairShard;
import io.kdss.proto.ShardSource;
import io.kdss.shard.ShardClient;
import io.kdss.storage.StorageException;
import io.kdss.storage.disk.ShardKey;
import io.kdss.storage.log.ShardData;
import io.kdss.storage.volume.Volume;
import io.kdss.storage.volume.VolumeSet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@link RepairShard} orders: puts one shard on one of this node's disks, either
 * copied from the disk that holds it (a move) or decoded from k surviving shards of its stripe
 * fetched from their nodes through the data plane (or read directly when on this node). Every byte is checked: a source is used
 * only if its CRC32C is the one recorded for the stripe, and the rebuilt shard is written only
 * if its CRC32C is the recorded one too (otherwise the order fails and nothing is written).
 *
 * <p>Idempotent: a shard already on the disk, readable, of the right length and CRC is a
 * success without work. A corrupt local copy is rebuilt and appended again (the newer record
 * wins in the index). Decoding and CRC passes run on the storage CPU pool, never on an event
 * loop; at most {@link #MAX_CONCURRENT} orders run at once on a node (the master rate-limits
 * too), the rest wait in order.
 */
public final class ShardRebuilder {

  private static final Logger LOG = LoggerFactory.getLogger(ShardRebuilder.class);
  /** Repairs running at once on one node (each holds up to k+1 shards in memory). */
  public static final int MAX_CONCURRENT = 8;
  /** Largest shard a repair order may name. */
  static final long MAX_SHARD_BYTES = 64L << 20;

  private final VolumeSet volumes;
  private final ShardClient shards;
  private final ExecutorService cpu;
  private final AsyncSlots slots = new AsyncSlots(MAX_CONCURRENT);
  private final Counter rebuilt;
  private final Counter copied;
  private final Counter present;
  private final Counter failed;

  public ShardRebuilder(VolumeSet volumes, ShardClient shards, MeterRegistry metrics) {
    this.volumes = volumes;
    this.shards = shards;
    this.cpu = volumes.cpu();
    this.rebuilt = Counter.builder("kdss.storage.repair.shards").tag("how", "decoded")
        .description("Shards written by repair orders").register(metrics);
    this.copied = Counter.builder("kdss.storage.repair.shards").tag("how", "copied").register(metrics);
    this.present = Counter.builder("kdss.storage.repair.shards").tag("how", "present").register(metrics);
    this.failed = Counter.builder("kdss.storage.repair.failures").register(metrics);
  }

  public CompletableFuture<OrderResult> execute(Order order) {
    RepairShard r = order.getRepairShard();
    Volume v = volume(r.getDiskId());
    if (v == null) {
      return CompletableFuture.completedFuture(result(order, false, "no disk " + r.getDiskId() + " on this node"));
    }
    if (r.getShardLength() <= 0 || r.getShardLength() > MAX_SHARD_BYTES || r.getScheme().getK() < 1) {
      return CompletableFuture.completedFuture(result(order, false, "bad repair order: shard length "
          + r.getShardLength() + ", scheme " + r.getScheme().getK() + "+" + r.getScheme().getM()));
    }
    // Off the caller's thread (a heartbeat event loop): the local check reads the index (LMDB) and the disk.
    return slots.acquire()
        .thenComposeAsync(x -> run(r, v), cpu)
        .handle((outcome, err) -> {
          slots.release();
          if (err != null) {
            failed.increment();
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            LOG.atDebug().addKeyValue("stripe", r.getShard().getStripeId()).addKeyValue("shard", r.getShard().getIndex())
                .addKeyValue("error", cause.getMessage()).log("repair order failed");
            return result(order, false, String.valueOf(cause.getMessage()));
          }
          return result(order, true, "").toBuilder().setAlreadyPresent(outcome == Outcome.PRESENT)
              .setCopied(outcome == Outcome.COPIED).build();
        });
  }

  private enum Outcome { PRESENT, COPIED, DECODED }

  private CompletableFuture<Outcome> run(RepairShard r, Volume v) {
    ShardKey key = new ShardKey(r.getShard().getStripeId(), r.getShard().getIndex());
    return v.log().get(key).handle((d, err) -> d != null && matches(d, r))
        .thenCompose(ok -> {
          if (ok) {
            present.increment();
            forgetCorrupt(v, key);
            return CompletableFuture.completedFuture(Outcome.PRESENT);
          }
          return produce(r).thenCompose(made -> write(v, key, made.bytes(), r)
              .thenApply(x -> {
                (made.outcome() == Outcome.COPIED ? copied : rebuilt).increment();
                forgetCorrupt(v, key);
                return made.outcome();
              }));
        });
  }

  private record Made(byte[] bytes, Outcome outcome) {
  }

  /** The shard's bytes: a verified copy from its current holder if one is listed, else decoded. */
  private CompletableFuture<Made> produce(RepairShard r) {
    int target = r.getShard().getIndex();
    ShardSource own = r.getSourcesList().stream().filter(s -> s.getIndex() == target).findFirst().orElse(null);
    if (own == null) {
      return decode(r);
    }
    return fetch(r, own).thenCompose(b -> {
      if (b != null && crc(b) == r.getCrc32C()) {
        return CompletableFuture.completedFuture(new Made(b, Outcome.COPIED));
      }
      return decode(r);
    });
  }

  private CompletableFuture<Made> decode(RepairShard r) {
    int k = r.getScheme().getK();
    int n = k + r.getScheme().getM();
    int target = r.getShard().getIndex();
    List<ShardSource> others = r.getSourcesList().stream()
        .filter(s -> s.getIndex() != target && s.getIndex() >= 0 && s.getIndex() < n).toList();
    if (others.size() < k) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("needs " + k + " sources to decode shard "
          + target + " of stripe " + r.getShard().getStripeId() + ", got " + others.size()));
    }
    return gather(r, others, 0, new byte[n][], 0).thenApplyAsync(have -> new Made(
        StripeDecoder.rebuild(ErasureCodec.create(k, n - k), have, target, (int) r.getShardLength()), Outcome.DECODED),
        cpu);
  }

  /**
   * Fetches sources in the order listed until k verified shards are in hand: the first k in
   * parallel, then one more for each that failed (the master lists its preferred sources first).
   */
  private CompletableFuture<byte[][]> gather(RepairShard r, List<ShardSource> others, int next, byte[][] have,
      int count) {
    int k = r.getScheme().getK();
    if (count >= k) {
      return CompletableFuture.completedFuture(have);
    }
    int want = Math.min(k - count, others.size() - next);
    if (want <= 0) {
      return CompletableFuture.failedFuture(new IllegalStateException("only " + count + " of " + others.size()
          + " source shards of stripe " + r.getShard().getStripeId() + " were readable with their recorded CRC32C; "
          + k + " needed"));
    }
    List<ShardSource> batch = others.subList(next, next + want);
    List<CompletableFuture<byte[]>> fetches = new ArrayList<>();
    for (ShardSource s : batch) {
      fetches.add(fetch(r, s).thenApply(b -> b != null && crc(b) == s.getCrc32C() ? b : null));
    }
    return CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new)).thenCompose(x -> {
      int got = count;
      for (int i = 0; i < batch.size(); i++) {
        byte[] b = fetches.get(i).join();
        if (b != null) {
          have[batch.get(i).getIndex()] = b;
          got++;
        }
      }
      return gather(r, others, next + want, have, got);
    });
  }

  /** A source shard's bytes, or null when it cannot be read or has the wrong length. */
  private CompletableFuture<byte[]> fetch(RepairShard r, ShardSource s) {
    UUID disk;
    try {
      disk = UUID.fromString(s.getDiskId());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(null);
    }
    Volume local = volumes.volume(disk);
    CompletableFuture<byte[]> bytes;
    if (local != null) {
      // A source on this node is read from its disk directly (verified read path), not over the network.
      bytes = local.log().get(new ShardKey(r.getShard().getStripeId(), s.getIndex()))
          .handle((d, err) -> err == null && d != null ? d.payload() : null);
    } else {
      bytes = shards.get(s.getDataAddress(), disk, r.getShard().getStripeId(), s.getIndex())
          .map(Buffer::getBytes)
          .otherwise((byte[]) null)
          .toCompletionStage().toCompletableFuture();
    }
    return bytes.thenApply(b -> b != null && b.length == r.getShardLength() ? b : null);
  }

  private CompletableFuture<Void> write(Volume v, ShardKey key, byte[] bytes, RepairShard r) {
    int actual = crc(bytes);
    if (actual != r.getCrc32C()) {
      return CompletableFuture.failedFuture(new StorageException.Corrupt(String.format(
          "rebuilt shard %s has CRC32C %08x, the stripe records %08x: nothing written", key, actual, r.getCrc32C())));
    }
    return v.log().put(key, MemorySegment.ofArray(bytes), actual).thenApply(loc -> null);
  }

  private static boolean matches(ShardData d, RepairShard r) {
    return d.payload().length == r.getShardLength() && d.crc() == r.getCrc32C();
  }

  private static void forgetCorrupt(Volume v, ShardKey key) {
    if (v.scrubber() != null) {
      v.scrubber().corruptShards().remove(key);
    }
  }

  private Volume volume(String diskId) {
    try {
      return volumes.volume(UUID.fromString(diskId));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static int crc(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b);
    return (int) c.getValue();
  }

  private static OrderResult result(Order order, boolean ok, String error) {
    return OrderResult.newBuilder().setOrderId(order.getOrderId()).setOk(ok).setError(error).build();
  }
}
