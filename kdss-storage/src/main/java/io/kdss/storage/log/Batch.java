package io.kdss.storage.log;

import io.kdss.storage.index.IndexBatch;
import io.kdss.storage.index.SegmentStats;
import io.kdss.storage.index.ShardLocation;
import io.kdss.storage.io.AlignedBuffers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One group commit laid out and submitted but not yet durable: what to apply to the index
 * and whom to acknowledge once its writes and their fdatasync are done, and how to undo it
 * if they fail.
 */
final class Batch {

  /** A request of the batch and what it is answered with (its record's location, or null). */
  record Done(Append append, ShardLocation location) {
  }

  final List<Done> done = new ArrayList<>();
  final long started = System.nanoTime();
  /** Where the batch's bytes are laid out; back to the pool once the batch is finished. */
  AlignedBuffers.Buffer staging;
  IndexBatch index;
  /** Segment stats before this batch, restored if it fails. */
  Map<Integer, SegmentStats> undo = Map.of();
  /** The writes and the fdatasync after them; null if the batch writes nothing. */
  CompletableFuture<Void> io;
  /** The log after this batch. */
  LogState end;
  /** Writes block 0 or a freed segment's first block: later writes of those places wait for it. */
  boolean ordered;
  int records;
  long bytes;
}
