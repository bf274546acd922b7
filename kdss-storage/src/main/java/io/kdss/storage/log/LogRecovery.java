package io.kdss.storage.log;

import io.kdss.storage.StorageException;
import io.kdss.storage.disk.DiskLayout;
import io.kdss.storage.disk.RecordHeader;
import io.kdss.storage.disk.RecordType;
import io.kdss.storage.disk.SegmentOffset;
import io.kdss.storage.disk.SuperBlock;
import io.kdss.storage.disk.SuperBlockPair;
import io.kdss.storage.index.IndexBatch;
import io.kdss.storage.index.IndexCheckpoint;
import io.kdss.storage.index.SegmentState;
import io.kdss.storage.index.SegmentStats;
import io.kdss.storage.index.ShardIndex;
import io.kdss.storage.io.AlignedBuffers;
import io.kdss.storage.io.BlockDevice;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Brings a disk's index level with its log when the disk is opened (Ambry's
 * PersistentIndex.recover): reads the superblocks (falling back to the backup copy and
 * repairing the bad one), then replays the log from the index checkpoint: each record must
 * carry the next sequence, chain to the previous header CRC and pass its CRCs; the first one
 * that does not is the torn tail, where the log ends. Without a usable index, the index is
 * rebuilt from every segment (Ambry's index rebuild). Finally live bytes are recounted from
 * the index so space accounting is exact.
 */
final class LogRecovery {

  private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);
  private static final int FLUSH_EVERY = 4096;

  private final BlockDevice device;
  private final ShardIndex index;
  private final DiskLogOptions options;
  private final AlignedBuffers buffers;
  private SegmentTable table;
  private SuperBlock sb;
  private DiskLayout layout;

  LogRecovery(BlockDevice device, ShardIndex index, DiskLogOptions options, AlignedBuffers buffers) {
    this.device = device;
    this.index = index;
    this.options = options;
    this.buffers = buffers;
  }

  SegmentTable table() {
    return table;
  }

  LogState recover() throws IOException {
    boolean primary = readSuperBlocks();
    layout = sb.layout();
    table = new SegmentTable(layout.segmentCount(), layout.segmentBytes());
    String diskId = sb.diskId().toString();
    IndexCheckpoint cp = diskId.equals(index.diskId()) ? index.checkpoint() : null;
    LogState state;
    long started = System.nanoTime();
    if (cp == null) {
      LOG.atDebug().addKeyValue("disk", diskId).addKeyValue("device", device.path())
          .log("no index for this disk: rebuilding it from the log");
      index.reset(diskId);
      state = rebuild(primary);
    } else {
      for (Map.Entry<Integer, SegmentStats> e : index.segments().entrySet()) {
        if (e.getKey() < table.count()) {
          table.set(e.getKey(), e.getValue());
        }
      }
      state = replay(cp, primary);
    }
    recountLiveBytes(state.head().segment());
    index.sync();
    LOG.atDebug().addKeyValue("disk", diskId).addKeyValue("head", state.head())
        .addKeyValue("nextSequence", state.nextSequence()).addKeyValue("shards", index.shardCount())
        .addKeyValue("ms", (System.nanoTime() - started) / 1_000_000).log("disk recovered");
    return state;
  }

  /**
   * Picks the valid superblock with the highest generation and rewrites the other copy if it
   * is damaged or of an older format; a format-1 disk (records padded to 4 KiB) gets both
   * copies rewritten as format 2 (packed records), one durable write at a time, before any
   * packed record is written: a build that reads only format 1 then refuses the disk instead
   * of misreading it, and a torn write leaves one valid copy.
   */
  private boolean readSuperBlocks() throws IOException {
    AlignedBuffers.Buffer block = buffers.take(4096);
    try {
      await(device.read(0, block.segment()));
      boolean primary = false;
      for (int round = 0; round < 2; round++) {
        SuperBlockPair pair = SuperBlockPair.read(block.segment());
        sb = pair.current();
        primary = pair.currentIsPrimary();
        int current = version(block.segment(), primary);
        String problem = pair.otherProblem() != null ? pair.otherProblem()
            : version(block.segment(), !primary) < SuperBlock.FORMAT_VERSION ? "older format" : null;
        if (problem == null && current == SuperBlock.FORMAT_VERSION) {
          break;
        }
        LOG.atLevel(pair.otherProblem() != null ? Level.WARN : Level.INFO)
            .addKeyValue("disk", sb.diskId()).addKeyValue("device", device.path()).addKeyValue("current", current).addKeyValue("other", problem == null ? "ok" : problem)
            .addKeyValue("format", SuperBlock.FORMAT_VERSION).log("rewriting a superblock copy");
        SuperBlock next = sb.next(sb.mode(), sb.checkpoint(), sb.checkpointSequence());
        SuperBlockPair.writeReplacing(block.segment(), primary, next);
        await(device.write(List.of(new BlockDevice.IoSlice(0, block.segment())), true));
        sb = next;
        primary = !primary;
      }
      return primary;
    } finally {
      buffers.release(block);
    }
  }

  private static int version(MemorySegment block, boolean primary) {
    return SuperBlock.storedVersion(block.asSlice(primary ? SuperBlock.PRIMARY_OFFSET : SuperBlock.BACKUP_OFFSET,
        SuperBlock.BYTES));
  }

  /** Re-applies every valid record after the checkpoint, stopping at the torn tail. */
  private LogState replay(IndexCheckpoint cp, boolean primary) throws IOException {
    SegmentOffset pos = cp.head();
    long seq = cp.nextSequence();
    int prev = cp.prevHeaderCrc();
    RecordApplier applier = new RecordApplier(table);
    IndexBatch batch = new IndexBatch(index);
    int applied = 0;
    String stop = null;
    while (stop == null) {
      try (SegmentReader r = reader(pos)) {
        ScannedRecord rec;
        boolean jumped = false;
        while ((rec = r.next()) != null) {
          RecordHeader h = rec.header();
          if (h.sequence() != seq || h.prevHeaderCrc() != prev) {
            stop = "record at " + rec.position() + " does not continue the log (sequence " + h.sequence() + ")";
            break;
          }
          applier.apply(h, rec.position(), rec.payload(), batch);
          seq++;
          prev = rec.headerCrc();
          pos = h.type() == RecordType.SEAL ? new SegmentOffset((int) h.stripeId(), 0) : rec.end();
          if (++applied % FLUSH_EVERY == 0) {
            batch = flush(applier, batch, pos, seq, prev);
          }
          if (h.type() == RecordType.SEAL) {
            jumped = true;
            break;
          }
        }
        if (!jumped && stop == null) {
          stop = r.stopReason();
          refuseIfNotTheTail(r, seq, prev);
        }
      }
    }
    pos = cutTail(pos);
    markHead(applier, pos.segment());
    flush(applier, batch, pos, seq, prev);
    LOG.atDebug().addKeyValue("disk", sb.diskId()).addKeyValue("replayed", applied).addKeyValue("end", pos)
        .addKeyValue("why", stop).log("log replayed from the index checkpoint");
    return new LogState(pos, seq, prev, sb, primary);
  }

  /**
   * Rebuilds the index from the log alone: segments are ordered by the sequence of their
   * first record (a segment is written contiguously while it is the head), then replayed in
   * that order, each up to the end of its chain.
   */
  private LogState rebuild(boolean primary) throws IOException {
    List<long[]> starts = new ArrayList<>();
    for (int s = 0; s < layout.segmentCount(); s++) {
      try (SegmentReader r = reader(new SegmentOffset(s, 0))) {
        ScannedRecord first = nextOrSkipped(r);
        if (first != null) {
          starts.add(new long[] {first.header().sequence(), s});
        }
      }
    }
    starts.sort((a, b) -> Long.compare(a[0], b[0]));
    RecordApplier applier = new RecordApplier(table);
    IndexBatch batch = new IndexBatch(index);
    SegmentOffset pos = new SegmentOffset(0, 0);
    long seq = 1;
    int prev = 0;
    int applied = 0;
    int lost = 0;
    for (long[] start : starts) {
      int s = (int) start[1];
      applier.activate(s);
      try (SegmentReader r = reader(new SegmentOffset(s, 0))) {
        ScannedRecord rec;
        ScannedRecord last = null;
        while ((rec = nextOrSkipped(r)) != null) {
          if (last != null && (rec.header().sequence() != last.header().sequence() + 1
              || rec.header().prevHeaderCrc() != last.headerCrc())) {
            break;
          }
          if (rec.payload() == null) {
            // One damaged record does not end the segment: its header says where the next is.
            lost++;
            LOG.atWarn().addKeyValue("disk", sb.diskId()).addKeyValue("at", rec.position())
                .addKeyValue("sequence", rec.header().sequence()).addKeyValue("type", rec.header().type())
                .log("rebuild: record payload fails its CRC, skipped (its shard must be repaired from parity)");
          } else {
            applier.apply(rec.header(), rec.position(), rec.payload(), batch);
          }
          seq = rec.header().sequence() + 1;
          prev = rec.headerCrc();
          pos = rec.header().type() == RecordType.SEAL ? new SegmentOffset((int) rec.header().stripeId(), 0) : rec.end();
          last = rec;
          if (++applied % FLUSH_EVERY == 0) {
            batch = flush(applier, batch, pos, seq, prev);
          }
          if (rec.header().type() == RecordType.SEAL) {
            break;
          }
        }
        if (last == null || last.header().type() != RecordType.SEAL) {
          applier.setState(s, SegmentState.SEALED);
        }
      }
    }
    // Every segment seen is sealed by now except where the log ends: that one is the head.
    pos = cutTail(pos);
    markHead(applier, pos.segment());
    flush(applier, batch, pos, seq, prev);
    // A blank disk's first open rebuilds nothing; an index lost from a disk with data is worth a warning.
    LOG.atLevel(applied > 0 || lost > 0 ? Level.WARN : Level.DEBUG)
        .addKeyValue("disk", sb.diskId()).addKeyValue("segments", starts.size())
        .addKeyValue("records", applied).addKeyValue("damaged", lost).addKeyValue("end", pos)
        .log("index rebuilt from the log");
    return new LogState(pos, seq, prev, sb, primary);
  }

  /**
   * Replay stopped at a record whose payload fails its CRC. Only the group commits in flight
   * at a crash can be torn, so if the log goes on validly for more than they can hold after
   * that record, it is damage in the middle of acknowledged records, not a torn tail: cutting
   * the log there would unindex them. The disk is refused (not opened) instead.
   */
  private void refuseIfNotTheTail(SegmentReader r, long seq, int prev) throws IOException {
    ScannedRecord bad = r.skipBadPayload();
    if (bad == null || bad.header().sequence() != seq || bad.header().prevHeaderCrc() != prev) {
      return;
    }
    long window = (long) options.maxBatchesInFlight()
        * (options.maxBatchBytes() + RecordHeader.footprint(options.maxShardBytes()) + 2L * RecordHeader.BLOCK);
    long after = 0;
    long s = seq + 1;
    int p = bad.headerCrc();
    SegmentReader at = r;
    try {
      while (after <= window) {
        ScannedRecord rec = nextOrSkipped(at);
        if (rec == null || rec.header().sequence() != s || rec.header().prevHeaderCrc() != p) {
          return;
        }
        after += rec.header().footprint();
        s++;
        p = rec.headerCrc();
        if (rec.header().type() == RecordType.SEAL) {
          if (at != r) {
            at.close();
          }
          at = reader(new SegmentOffset((int) rec.header().stripeId(), 0));
        }
      }
    } finally {
      if (at != r) {
        at.close();
      }
    }
    throw new StorageException.Corrupt("record at " + bad.position() + " (sequence " + seq
        + ") fails its payload CRC but the log goes on validly for more than " + window
        + " bytes after it: damage in acknowledged records, not a torn tail. The disk is not opened;"
        + " delete its index directory to rebuild the index from the log without that record");
  }

  /** The reader's next record, or the one it stopped at if only that record's payload is bad (payload null). */
  private static ScannedRecord nextOrSkipped(SegmentReader r) throws IOException {
    ScannedRecord rec = r.next();
    return rec != null ? rec : r.skipBadPayload();
  }

  /**
   * Ends the log at {@code end}, the end of its last valid record; it goes on at the next
   * block boundary. If {@code end} is inside a block (a torn group commit was cut there) the
   * rest of that block is zeroed first: a torn record whose header survived would otherwise
   * stay between the last valid record and the next group commit, and every later scan of
   * the segment (replay, rebuild, compaction) would stop at it. The block's bytes before
   * {@code end} are rewritten unchanged, so even a torn rewrite cannot damage them.
   */
  private SegmentOffset cutTail(SegmentOffset end) throws IOException {
    long within = end.offset() % RecordHeader.BLOCK;
    if (within == 0) {
      return end;
    }
    long blockAt = layout.deviceOffset(end.segment(), end.offset() - within);
    AlignedBuffers.Buffer block = buffers.take(RecordHeader.BLOCK);
    try {
      await(device.read(blockAt, block.segment()));
      MemorySegment rest = block.segment().asSlice(within, RecordHeader.BLOCK - within);
      if (rest.mismatch(MemorySegment.ofArray(new byte[(int) rest.byteSize()])) >= 0) {
        rest.fill((byte) 0);
        await(device.write(List.of(new BlockDevice.IoSlice(blockAt, block.segment())), true));
        LOG.atWarn().addKeyValue("disk", sb.diskId()).addKeyValue("at", end)
            .log("torn tail: zeroed the rest of the log's last block");
      }
    } finally {
      buffers.release(block);
    }
    return end.blockAligned();
  }

  private void markHead(RecordApplier applier, int segment) {
    SegmentStats s = applier.stats(segment);
    if (s.state() == SegmentState.FREE) {
      applier.activate(segment);
    } else if (s.state() != SegmentState.ACTIVE) {
      applier.setState(segment, SegmentState.ACTIVE);
    }
  }

  private IndexBatch flush(RecordApplier applier, IndexBatch batch, SegmentOffset pos, long seq, int prev) {
    batch.checkpoint(new IndexCheckpoint(pos, seq, prev));
    applier.commit(batch);
    index.apply(batch);
    return new IndexBatch(index);
  }

  /** Sets every segment's live bytes to what the index references there (exact accounting). */
  private void recountLiveBytes(int head) {
    long[] live = new long[table.count()];
    index.forEach((k, loc) -> live[loc.position().segment()] += loc.footprint());
    IndexBatch batch = new IndexBatch(index);
    for (int s = 0; s < live.length; s++) {
      SegmentStats st = table.get(s);
      SegmentState state = s == head ? SegmentState.ACTIVE
          : st.state() == SegmentState.ACTIVE ? SegmentState.SEALED : st.state();
      if (st.liveBytes() != live[s] || state != st.state()) {
        SegmentStats fixed = new SegmentStats(state, Math.max(st.writtenBytes(), live[s]), live[s], st.minOriginSequence());
        table.set(s, fixed);
        batch.segment(s, fixed);
      }
    }
    if (!batch.isEmpty()) {
      index.apply(batch);
    }
  }

  private SegmentReader reader(SegmentOffset from) {
    return new SegmentReader(device, layout, buffers, sb.diskTag(), from, options.scanChunkBytes());
  }

  private static void await(java.util.concurrent.CompletableFuture<Void> f) throws IOException {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }
}
