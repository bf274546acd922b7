package io.kdss.storage.index;

import io.kdss.storage.disk.ShardKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Changes applied to a {@link ShardIndex} in one atomic transaction: shard puts and deletes,
 * segment stats, and the checkpoint they bring the index up to. Reads through the batch see
 * its own pending changes first.
 */
public final class IndexBatch {

  private final ShardIndex index;
  private IndexBatch parent;
  private final Map<ShardKey, Optional<ShardLocation>> shards = new HashMap<>();
  private final Map<Integer, SegmentStats> segments = new HashMap<>();
  private IndexCheckpoint checkpoint;
  private Optional<CompactionRecord> compaction;

  public IndexBatch(ShardIndex index) {
    this(index, null);
  }

  /** A batch that reads through {@code parent}'s pending changes too (a batch prepared before it was applied). */
  public IndexBatch(ShardIndex index, IndexBatch parent) {
    this.index = index;
    this.parent = parent;
  }

  public ShardLocation get(ShardKey key) {
    Optional<ShardLocation> pending = shards.get(key);
    if (pending != null) {
      return pending.orElse(null);
    }
    return parent != null ? parent.get(key) : index.get(key);
  }

  /**
   * Stops reading through the parent batch once it has been applied to the index (else every
   * batch would keep the whole history of batches before it reachable, and a lookup of a new
   * key would walk all of them).
   */
  public void detachParent() {
    parent = null;
  }

  /** How many unapplied batches a lookup in this one may walk through (itself included). */
  public int depth() {
    int n = 1;
    for (IndexBatch p = parent; p != null; p = p.parent) {
      n++;
    }
    return n;
  }

  public void put(ShardKey key, ShardLocation loc) {
    shards.put(key, Optional.of(loc));
  }

  public void delete(ShardKey key) {
    shards.put(key, Optional.empty());
  }

  public void segment(int segment, SegmentStats stats) {
    segments.put(segment, stats);
  }

  public void checkpoint(IndexCheckpoint cp) {
    this.checkpoint = cp;
  }

  /** Sets ({@code record} non-null) or clears the compaction record in this batch. */
  public void compaction(CompactionRecord record) {
    this.compaction = Optional.ofNullable(record);
  }

  public boolean isEmpty() {
    return shards.isEmpty() && segments.isEmpty() && checkpoint == null && compaction == null;
  }

  Map<ShardKey, Optional<ShardLocation>> shards() {
    return shards;
  }

  Map<Integer, SegmentStats> segments() {
    return segments;
  }

  IndexCheckpoint checkpoint() {
    return checkpoint;
  }

  Optional<CompactionRecord> compaction() {
    return compaction;
  }
}
