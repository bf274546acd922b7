package io.kdss.client;

import io.kdss.proto.GroupMember;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.function.Supplier;

/**
 * Moves one shard to or from the disk of a group member. CRC32C travels with the bytes:
 * the storage node verifies it before the write is durable and before bytes leave on a read.
 * {@code ShardClientTransport} is the implementation over the storage data plane.
 */
public interface ShardTransport {

  /**
   * Completes once the shard is durable on the member's disk. {@code payload} stays valid
   * until the returned future completes (not longer): a transport that still has the bytes
   * queued must not complete it before they are written or dropped.
   */
  Future<Void> put(GroupMember member, long stripeId, int index, Buffer payload, int crc32c);

  /**
   * The shard's bytes, failing if the member does not have it or its checksum does not match
   * {@code crc32c} (the one recorded for the stripe).
   */
  Future<Buffer> get(GroupMember member, long stripeId, int index, int length, int crc32c);

  /** Runs a transport call; a call that throws (a member without an address) fails instead. */
  static <T> Future<T> safely(Supplier<Future<T>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
