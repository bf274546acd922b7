package io.kdss.shard;

/** What STAT and LIST tell about a stored shard. */
public record ShardInfo(long stripeId, int shardIndex, int length, int crc32c) {
}
