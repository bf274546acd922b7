package io.kdss.client;

import io.kdss.proto.GroupMember;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * A shard store in memory with fault switches, standing in for storage nodes in the client
 * library's unit tests (the end-to-end tests use real storage nodes).
 */
final class InMemoryShards implements ShardTransport {

  private final Vertx vertx;
  final Map<String, byte[]> shards = new ConcurrentHashMap<>();
  final Set<String> failingDisks = ConcurrentHashMap.newKeySet();
  final Map<String, Long> slowDisksMs = new ConcurrentHashMap<>();
  /** Disks whose puts read the payload only when they complete (as a backed-up socket would). */
  final Set<String> lateReadDisks = ConcurrentHashMap.newKeySet();
  /** Disks whose calls throw instead of failing (a member the transport cannot even address). */
  final Set<String> throwingDisks = ConcurrentHashMap.newKeySet();
  final AtomicInteger putsInFlight = new AtomicInteger();
  final AtomicInteger maxPutsInFlight = new AtomicInteger();
  volatile long putDelayMs;

  InMemoryShards(Vertx vertx) {
    this.vertx = vertx;
  }

  static String key(String disk, long stripe, int index) {
    return disk + "/" + stripe + "/" + index;
  }

  @Override
  public Future<Void> put(GroupMember member, long stripeId, int index, Buffer payload, int crc32c) {
    if (throwingDisks.contains(member.getDiskId())) {
      throw new IllegalArgumentException("no address for disk " + member.getDiskId());
    }
    int now = putsInFlight.incrementAndGet();
    maxPutsInFlight.accumulateAndGet(now, Math::max);
    byte[] early = lateReadDisks.contains(member.getDiskId()) ? null : payload.getBytes();
    Promise<Void> p = Promise.promise();
    Runnable work = () -> {
      putsInFlight.decrementAndGet();
      byte[] bytes;
      try {
        bytes = early != null ? early : payload.getBytes();
      } catch (RuntimeException e) {
        p.fail(e);
        return;
      }
      if (failingDisks.contains(member.getDiskId())) {
        p.fail("disk " + member.getDiskId() + " fails writes");
      } else if (crc(bytes) != crc32c) {
        p.fail("CRC mismatch on put");
      } else {
        shards.put(key(member.getDiskId(), stripeId, index), bytes);
        p.complete();
      }
    };
    long delay = putDelayMs + slowDisksMs.getOrDefault(member.getDiskId(), 0L);
    if (delay > 0) {
      vertx.setTimer(delay, t -> work.run());
    } else {
      vertx.runOnContext(v -> work.run());
    }
    return p.future();
  }

  @Override
  public Future<Buffer> get(GroupMember member, long stripeId, int index, int length, int crc32c) {
    if (throwingDisks.contains(member.getDiskId())) {
      throw new IllegalArgumentException("no address for disk " + member.getDiskId());
    }
    Promise<Buffer> p = Promise.promise();
    Runnable work = () -> {
      byte[] b = shards.get(key(member.getDiskId(), stripeId, index));
      if (failingDisks.contains(member.getDiskId()) || b == null) {
        p.fail("no shard " + key(member.getDiskId(), stripeId, index));
      } else {
        p.complete(Buffer.buffer(b.clone()));
      }
    };
    Long slow = slowDisksMs.get(member.getDiskId());
    if (slow != null) {
      vertx.setTimer(slow, t -> work.run());
    } else {
      vertx.runOnContext(v -> work.run());
    }
    return p.future();
  }

  static int crc(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b);
    return (int) c.getValue();
  }
}
