package io.kdss.storage.disk;

/** A shard on one disk: shard {@code shardIndex} of stripe {@code stripeId}. */
public record ShardKey(long stripeId, int shardIndex) implements Comparable<ShardKey> {

  @Override
  public int compareTo(ShardKey o) {
    int c = Long.compareUnsigned(stripeId, o.stripeId);
    return c != 0 ? c : Integer.compareUnsigned(shardIndex, o.shardIndex);
  }

  @Override
  public String toString() {
    return stripeId + "/" + shardIndex;
  }
}
