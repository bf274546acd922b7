package io.kdss.client;

import io.kdss.proto.GroupMember;
import io.kdss.shard.ShardClient;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.UUID;

/**
 * {@link ShardTransport} over the storage nodes' binary data plane ({@link ShardClient}):
 * the node checks the payload's CRC32C before the shard is durable, the client checks it
 * again on the way back.
 */
public final class ShardClientTransport implements ShardTransport {

  private final ShardClient shards;

  public ShardClientTransport(ShardClient shards) {
    this.shards = shards;
  }

  @Override
  public Future<Void> put(GroupMember member, long stripeId, int index, Buffer payload, int crc32c) {
    return ShardTransport.safely(() -> shards.put(member.getDataAddress(), UUID.fromString(member.getDiskId()), stripeId,
        index, payload, crc32c));
  }

  @Override
  public Future<Buffer> get(GroupMember member, long stripeId, int index, int length, int crc32c) {
    return ShardTransport.safely(() -> shards.get(member.getDataAddress(), UUID.fromString(member.getDiskId()), stripeId,
        index));
  }
}
