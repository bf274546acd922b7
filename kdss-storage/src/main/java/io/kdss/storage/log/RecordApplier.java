package io.kdss.storage.log;

import io.kdss.storage.disk.RecordHeader;
import io.kdss.storage.disk.SegmentOffset;
import io.kdss.storage.disk.ShardKey;
import io.kdss.storage.disk.TombstonePayload;
import io.kdss.storage.index.IndexBatch;
import io.kdss.storage.index.SegmentState;
import io.kdss.storage.index.SegmentStats;
import io.kdss.storage.index.ShardLocation;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

/**
 * How a record changes the index: the one rule used both when appending and when replaying
 * the log, so the index derived at run time and the one rebuilt from the log are the same.
 *
 * <ul>
 *   <li>SHARD: becomes the shard's location unless the index holds a newer write (higher
 *       origin sequence). A compaction copy is a write of a shard that was live
 *       when copied: later tombstones and writes still win over it.</li>
 *   <li>TOMBSTONE: removes each listed shard whose write is older than the tombstone.</li>
 *   <li>SEAL: closes the segment; the named segment becomes the (empty) head.</li>
 * </ul>
 * Segment stats changes collect in the batch's overlay until {@link #commit}.
 */
final class RecordApplier {

  private final SegmentTable table;
  private final Map<Integer, SegmentStats> pending = new HashMap<>();

  RecordApplier(SegmentTable table) {
    this.table = table;
  }

  SegmentStats stats(int segment) {
    SegmentStats s = pending.get(segment);
    return s != null ? s : table.get(segment);
  }

  void apply(RecordHeader h, SegmentOffset at, MemorySegment payload, IndexBatch batch) {
    int seg = at.segment();
    long bytes = h.footprint();
    switch (h.type()) {
      case SHARD -> {
        ShardKey key = new ShardKey(h.stripeId(), h.shardIndex());
        ShardLocation old = batch.get(key);
        // A copy with nothing indexed wins too: a rebuild meets compaction's copies after
        // their source segment was freed, and a copy is only ever written of a live shard.
        boolean wins = old == null || old.originSequence() <= h.originSequence();
        if (wins) {
          if (old != null) {
            release(old);
          }
          batch.put(key, new ShardLocation(at, h.payloadLength(), h.payloadCrc(), h.sequence(), h.originSequence()));
        }
        pending.put(seg, stats(seg).appended(bytes, wins ? bytes : 0, h.originSequence()));
      }
      case TOMBSTONE -> {
        for (ShardKey key : TombstonePayload.read(payload)) {
          ShardLocation old = batch.get(key);
          if (old != null && old.originSequence() < h.originSequence()) {
            release(old);
            batch.delete(key);
          }
        }
        pending.put(seg, stats(seg).appended(bytes, 0, h.originSequence()));
      }
      case SEAL -> {
        pending.put(seg, stats(seg).appended(bytes, 0, h.originSequence()).withState(SegmentState.SEALED));
        pending.put((int) h.stripeId(), new SegmentStats(SegmentState.ACTIVE, 0, 0, Long.MAX_VALUE));
      }
    }
  }

  /** Makes {@code segment} the empty head (the log continues there). */
  void activate(int segment) {
    pending.put(segment, new SegmentStats(SegmentState.ACTIVE, 0, 0, Long.MAX_VALUE));
  }

  /** Changes a segment's state, keeping its counts. */
  void setState(int segment, SegmentState state) {
    pending.put(segment, stats(segment).withState(state));
  }

  /** Marks a compacted segment free. */
  void free(int segment) {
    pending.put(segment, SegmentStats.FREE);
  }

  /**
   * The lowest segment free before this batch and untouched by it (a segment freed in this
   * batch is not reused in it: its zeroing write and new records would race), other than
   * {@code exclude}; -1 if no more than {@code reserve} are free.
   */
  int nextFree(int exclude, int reserve) {
    int free = 0;
    int first = -1;
    for (int i = 0; i < table.count(); i++) {
      if (i != exclude && !pending.containsKey(i) && table.get(i).state() == SegmentState.FREE) {
        free++;
        if (first < 0) {
          first = i;
        }
        if (free > reserve) {
          return first;
        }
      }
    }
    return -1;
  }

  private void release(ShardLocation old) {
    int s = old.position().segment();
    pending.put(s, stats(s).released(old.footprint()));
  }

  /**
   * Copies the pending stats into the batch (made durable with it) and the table (visible);
   * returns the table's previous values so a batch that then fails to reach the disk can be
   * undone with {@link #undo}.
   */
  Map<Integer, SegmentStats> commit(IndexBatch batch) {
    Map<Integer, SegmentStats> previous = new HashMap<>();
    pending.forEach((seg, st) -> {
      previous.put(seg, table.get(seg));
      batch.segment(seg, st);
      table.set(seg, st);
    });
    pending.clear();
    return previous;
  }

  void undo(Map<Integer, SegmentStats> previous) {
    previous.forEach(table::set);
  }

  /** Forgets the pending stats (the batch failed to reach the disk). */
  void rollback() {
    pending.clear();
  }
}
