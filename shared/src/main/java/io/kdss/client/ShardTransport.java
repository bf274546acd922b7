package io.kdss.client;

import io.kdss.proto.GroupMember;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Moves one shard to or from the disk of a group member. CRC32C travels with the bytes:
 * the storage node verifies it before the write is durable and before bytes leave on a read.
 * {@code ShardClientTransport} is the implementation over the storage data plane.
 */
public interface ShardTransport {

  /** Completes once the shard is durable on the member's disk. */
  Future<Void> put(GroupMember member, long stripeId, int index, Buffer payload, int crc32c);

  /**
   * The shard's bytes, failing if the member does not have it or its checksum does not match
   * {@code crc32c} (the one recorded for the stripe).
   */
  Future<Buffer> get(GroupMember member, long stripeId, int index, int length, int crc32c);
}
