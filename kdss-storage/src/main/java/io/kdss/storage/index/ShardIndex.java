package io.kdss.storage.index;

import io.kdss.storage.disk.ShardKey;
import java.util.List;
import java.util.Map;

/**
 * The derived index of one disk (BookKeeper's KeyValueStorage shape): shard -> location,
 * segment -> stats, the replay checkpoint and the compaction record. Everything in it can
 * be rebuilt from the log. One writer (the disk's append thread); reads from any thread.
 */
public interface ShardIndex extends AutoCloseable {

  /** The disk this index belongs to, or null for a fresh index. */
  String diskId();

  ShardLocation get(ShardKey key);

  /** Shards with {@code fromStripe <= stripeId < toStripe}, in key order, at most {@code limit}. */
  List<Map.Entry<ShardKey, ShardLocation>> range(long fromStripe, long toStripe, int limit);

  /** Visits every shard in key order (recounting space, scrubbing). */
  void forEach(java.util.function.BiConsumer<ShardKey, ShardLocation> visitor);

  /** Every segment's stats that was ever written (absent segments are FREE). */
  Map<Integer, SegmentStats> segments();

  IndexCheckpoint checkpoint();

  CompactionRecord compaction();

  long shardCount();

  /** Applies a batch atomically (durable at the next {@link #sync()} or process crash-safe at once). */
  void apply(IndexBatch batch);

  /** Forces everything applied so far to stable storage. */
  void sync();

  /** Drops every entry and binds the index to {@code diskId} (before a rebuild from the log). */
  void reset(String diskId);

  @Override
  void close();
}
