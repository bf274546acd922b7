package io.kdss.storage.log;

import io.kdss.storage.StorageException;
import io.kdss.storage.disk.DiskLayout;
import io.kdss.storage.disk.RecordHeader;
import io.kdss.storage.disk.RecordType;
import io.kdss.storage.disk.SegmentOffset;
import io.kdss.storage.disk.SuperBlock;
import io.kdss.storage.disk.SuperBlockPair;
import io.kdss.storage.disk.TombstonePayload;
import io.kdss.storage.index.IndexBatch;
import io.kdss.storage.index.IndexCheckpoint;
import io.kdss.storage.index.SegmentState;
import io.kdss.storage.index.SegmentStats;
import io.kdss.storage.index.ShardLocation;
import io.kdss.storage.io.AlignedBuffers;
import io.kdss.storage.io.BlockDevice;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The single writer of one disk (group commit): it takes every queued request, lays their
 * records out back to back in one aligned staging buffer, writes them as a few large
 * sequential writes followed by one fdatasync, then applies them to the index in one
 * transaction and only then completes their futures. Acknowledged therefore means durable
 * and readable.
 */
final class AppendWriter {

  private static final int BLOCK = 4096;

  private final DiskLog log;
  private final BlockDevice device;
  private final DiskLayout layout;
  private final RecordApplier applier;
  private final DiskLogOptions options;
  private final LinkedBlockingQueue<Append> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;
  private Append carry;
  private long lastSyncNanos = System.nanoTime();

  // Planned state: after the last batch laid out (the next batch continues from here).
  private volatile SegmentOffset head;
  private long nextSequence;
  private int prevCrc;
  private volatile SuperBlock superBlock;
  private boolean superBlockPrimary;
  // Durable state: after the last batch on disk (a failed batch returns the plan to it).
  private SegmentOffset durableHead;
  private long durableSequence;
  private int durablePrevCrc;
  private volatile SuperBlock durableSuperBlock;
  private boolean durablePrimary;
  private Prepared inFlight;
  private final AlignedBuffers.Buffer[] stagings = new AlignedBuffers.Buffer[2];
  private int nextStaging;
  /** A mode set by health even if the superblock could not be rewritten (a dying disk). */
  private volatile SuperBlock.Mode modeOverride;

  /** One contiguous device range written from a contiguous part of the staging buffer. */
  private record Run(long deviceOffset, long stagingOffset, long length) {
  }

  private record Done(Append append, ShardLocation location) {
  }

  AppendWriter(DiskLog log, LogState state, AlignedBuffers buffers) {
    this.log = log;
    this.device = log.device();
    this.layout = log.layout();
    this.applier = new RecordApplier(log.table());
    this.options = log.options();
    this.head = state.head();
    this.nextSequence = state.nextSequence();
    this.prevCrc = state.prevHeaderCrc();
    this.superBlock = state.superBlock();
    this.superBlockPrimary = state.superBlockPrimary();
    this.durableHead = head;
    this.durableSequence = nextSequence;
    this.durablePrevCrc = prevCrc;
    this.durableSuperBlock = superBlock;
    this.durablePrimary = superBlockPrimary;
    long capacity = options.maxBatchBytes() + RecordHeader.recordBytes(options.maxShardBytes()) + 4L * BLOCK;
    for (int i = 0; i < 2; i++) {
      stagings[i] = buffers.take((capacity + BLOCK - 1) & ~(BLOCK - 1L));
    }
    this.thread = Thread.ofPlatform().daemon().name("kdss-append-" + log.name()).start(this::loop);
  }

  void submit(Append a) {
    if (!running) {
      a.future.completeExceptionally(new StorageException.Unavailable("disk " + log.name() + " is closed", null));
      return;
    }
    queue.add(a);
  }

  SegmentOffset head() {
    return head;
  }

  long nextSequence() {
    return nextSequence;
  }

  SuperBlock superBlock() {
    return durableSuperBlock;
  }

  SuperBlock.Mode mode() {
    SuperBlock.Mode m = modeOverride;
    return m != null ? m : durableSuperBlock.mode();
  }

  void overrideMode(SuperBlock.Mode m) {
    modeOverride = m;
  }

  private void loop() {
    List<Append> batch = new ArrayList<>();
    while (running || carry != null || !queue.isEmpty() || inFlight != null) {
      Append first;
      try {
        first = carry != null ? carry : inFlight != null ? queue.poll() : queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      carry = null;
      if (first == null) {
        if (inFlight != null) {
          finish(inFlight, null);
          inFlight = null;
        }
        maybeSyncIndex();
        continue;
      }
      batch.add(first);
      long bytes = first.stagingBytes();
      Append n;
      while ((n = queue.peek()) != null && bytes + n.stagingBytes() <= options.maxBatchBytes()) {
        batch.add(queue.poll());
        bytes += n.stagingBytes();
      }
      Prepared p;
      try {
        p = prepare(batch, stagings[nextStaging]);
        nextStaging ^= 1;
      } catch (RuntimeException e) {
        applier.rollback();
        batch.forEach(a -> a.future.completeExceptionally(e));
        batch.clear();
        continue;
      }
      batch.clear();
      if (inFlight != null) {
        finish(inFlight, p);
      }
      inFlight = p.failed ? null : p;
      maybeSyncIndex();
    }
  }

  private void maybeSyncIndex() {
    if (System.nanoTime() - lastSyncNanos > TimeUnit.MILLISECONDS.toNanos(options.indexSyncIntervalMs())) {
      log.index().sync();
      lastSyncNanos = System.nanoTime();
    }
  }

  /** A batch laid out and submitted, not yet durable: what to apply and acknowledge once it is. */
  private static final class Prepared {
    final List<Done> done = new ArrayList<>();
    IndexBatch index;
    Map<Integer, SegmentStats> undo = Map.of();
    CompletableFuture<Void> io;
    SegmentOffset head;
    long sequence;
    int prevCrc;
    SuperBlock superBlock;
    boolean superBlockPrimary;
    int records;
    long bytes;
    long started;
    boolean failed;
  }

  /**
   * Waits for {@code p}'s writes and sync, then applies it to the index and acknowledges it.
   * If it failed, {@code next} (prepared on top of it, so chained to records that are not on
   * disk) fails too and the planned state goes back to the last durable one.
   */
  private void finish(Prepared p, Prepared next) {
    Throwable err = null;
    try {
      if (p.io != null) {
        p.io.get();
      }
    } catch (InterruptedException | ExecutionException e) {
      err = e instanceof ExecutionException ? e.getCause() : e;
    }
    if (err == null) {
      log.index().apply(p.index);
      durableHead = p.head;
      durableSequence = p.sequence;
      durablePrevCrc = p.prevCrc;
      durableSuperBlock = p.superBlock;
      durablePrimary = p.superBlockPrimary;
      log.observer().appended(p.records, p.bytes, System.nanoTime() - p.started);
      p.done.forEach(d -> d.append.future.complete(d.location));
      return;
    }
    log.observer().writeFailed(err);
    StorageException.Unavailable failure = new StorageException.Unavailable(
        "write to " + log.name() + " failed: " + err.getMessage(), err);
    if (next != null && !next.failed) {
      try {
        if (next.io != null) {
          next.io.get();
        }
      } catch (InterruptedException | ExecutionException e) {
        // Its outcome does not matter: it chains to records that did not reach the disk.
      }
      applier.undo(next.undo);
      next.done.forEach(d -> d.append.future.completeExceptionally(failure));
      next.failed = true;
    }
    applier.undo(p.undo);
    p.done.forEach(d -> d.append.future.completeExceptionally(failure));
    head = durableHead;
    nextSequence = durableSequence;
    prevCrc = durablePrevCrc;
    superBlock = durableSuperBlock;
    superBlockPrimary = durablePrimary;
  }

  /**
   * Where the batch being laid out stands: the staging cursor, the device runs collected so
   * far, and the log position, sequence and chain CRC after the last record placed.
   */
  private final class Layout {
    final MemorySegment buf;
    final List<Run> runs = new ArrayList<>();
    final long now = System.currentTimeMillis() / 1000;
    SegmentOffset h = head;
    long seq = nextSequence;
    int prev = prevCrc;
    SuperBlock newSb;
    long used;
    long runStart;
    long runDevice = layout.deviceOffset(head);
    int records;
    boolean freed;

    Layout(MemorySegment buf) {
      this.buf = buf;
    }

    void closeRun() {
      if (used > runStart) {
        runs.add(new Run(runDevice, runStart, used - runStart));
      }
      runStart = used;
      runDevice = layout.deviceOffset(h);
    }

    /** A zero block over the first block of a freed segment, so a rebuild skips it. */
    void zeroBlock(int segment) {
      closeRun();
      buf.asSlice(used, BLOCK).fill((byte) 0);
      runs.add(new Run(layout.deviceOffset(segment, 0), used, BLOCK));
      used += BLOCK;
      runStart = used;
      freed = true;
    }

    /** Ends the head segment with a SEAL naming {@code next}, which becomes the head. */
    void seal(int next, SuperBlock.Mode mode, IndexBatch ib) {
      RecordHeader seal = new RecordHeader(RecordType.SEAL, 0, superBlock.diskTag(), seq, seq, next, 0, 0, 0, prev, now);
      MemorySegment at = buf.asSlice(used, BLOCK);
      at.fill((byte) 0);
      prev = seal.write(at);
      applier.apply(seal, h, MemorySegment.NULL, ib);
      seq++;
      used += BLOCK;
      h = new SegmentOffset(next, 0);
      closeRun();
      newSb = (newSb != null ? newSb : superBlock).next(mode, h, seq);
    }

    ShardLocation record(Append a, IndexBatch ib) {
      long rec = a.stagingBytes();
      MemorySegment at = buf.asSlice(used, rec);
      RecordHeader header = fill(a, at, seq, prev, now);
      prev = header.write(at);
      applier.apply(header, h, at.asSlice(RecordHeader.BYTES, a.payloadBytes()), ib);
      ShardLocation loc = new ShardLocation(h, header.payloadLength(), header.payloadCrc(), header.sequence(),
          header.originSequence());
      seq++;
      records++;
      h = new SegmentOffset(h.segment(), h.offset() + rec);
      used += rec;
      return loc;
    }

    /** Closes the last run and appends the superblock block if this batch changed it. */
    void finishRuns() {
      closeRun();
      if (newSb != null) {
        SuperBlockPair.writeUpdate(buf.asSlice(used, BLOCK), superBlock, superBlockPrimary, newSb);
        runs.add(new Run(0, used, BLOCK));
        used += BLOCK;
      }
    }
  }

  private Prepared prepare(List<Append> batch, AlignedBuffers.Buffer staging) {
    Prepared out = new Prepared();
    out.started = System.nanoTime();
    IndexBatch ib = new IndexBatch(log.index(), inFlight == null ? null : inFlight.index);
    Layout l = new Layout(staging.segment());
    SuperBlock.Mode mode = modeOverride != null ? modeOverride : superBlock.mode();
    for (Append a : batch) {
      if (a.kind == Append.Kind.MODE) {
        mode = a.mode;
        l.newSb = (l.newSb != null ? l.newSb : superBlock).next(mode, l.h, l.seq);
        out.done.add(new Done(a, null));
      } else if (a.kind == Append.Kind.FREE) {
        if (refuseFree(a, l)) {
          continue;
        }
        l.zeroBlock(a.segment);
        applier.free(a.segment);
        out.done.add(new Done(a, null));
      } else if (mode != SuperBlock.Mode.ACTIVE) {
        a.future.completeExceptionally(new StorageException.Unavailable("disk " + log.name() + " is " + mode, null));
      } else if (a.kind == Append.Kind.COPY && !a.source.equals(ib.get(a.key))) {
        a.future.complete(null);
      } else if (l.used + a.stagingBytes() + 2L * BLOCK > l.buf.byteSize()) {
        a.future.completeExceptionally(new StorageException.Refused("record of " + a.stagingBytes()
            + " bytes exceeds the batch buffer"));
      } else if (makeRoom(a, l, mode, ib)) {
        ShardLocation loc = l.record(a, ib);
        out.done.add(new Done(a, a.kind == Append.Kind.TOMBSTONE ? null : loc));
      }
    }
    l.finishRuns();
    submit(out, l, ib);
    return out;
  }

  private boolean refuseFree(Append a, Layout l) {
    SegmentStats st = applier.stats(a.segment);
    if (a.segment == l.h.segment() || st.state() != SegmentState.SEALED || st.liveBytes() != 0) {
      a.future.completeExceptionally(new StorageException.Refused("segment " + a.segment + " is not a sealed, empty segment"));
      return true;
    }
    return false;
  }

  /** Seals the head segment if the record does not fit; false (and the request failed) if no segment is free. */
  private boolean makeRoom(Append a, Layout l, SuperBlock.Mode mode, IndexBatch ib) {
    if (l.h.offset() + a.stagingBytes() + BLOCK <= layout.segmentBytes()) {
      return true;
    }
    int next = applier.nextFree(l.h.segment(), a.kind == Append.Kind.COPY ? 0 : options.reserveSegments());
    if (next < 0) {
      a.future.completeExceptionally(new StorageException.DiskFull("disk " + log.name() + " has no free segment left"));
      return false;
    }
    l.seal(next, mode, ib);
    return true;
  }

  /** Submits the batch's writes, moves the planned state past it, and commits its stats (undoable). */
  private void submit(Prepared out, Layout l, IndexBatch ib) {
    out.records = l.records;
    out.bytes = l.used;
    out.index = ib;
    if (!l.runs.isEmpty()) {
      List<BlockDevice.IoSlice> slices = new ArrayList<>(l.runs.size());
      for (Run r : l.runs) {
        slices.add(new BlockDevice.IoSlice(r.deviceOffset, l.buf.asSlice(r.stagingOffset, r.length)));
      }
      if ((l.newSb != null || l.freed) && inFlight != null && inFlight.io != null) {
        // Block 0 and freed segment heads may also be written by the batch in flight: keep
        // the two writes of one place in order (the device may reorder concurrent ones).
        awaitQuietly(inFlight.io);
      }
      out.io = device.write(slices, true);
    }
    ib.checkpoint(new IndexCheckpoint(l.h, l.seq, l.prev));
    out.undo = applier.commit(ib);
    head = l.h;
    nextSequence = l.seq;
    prevCrc = l.prev;
    if (l.newSb != null) {
      superBlock = l.newSb;
      superBlockPrimary = !superBlockPrimary;
    }
    out.head = l.h;
    out.sequence = l.seq;
    out.prevCrc = l.prev;
    out.superBlock = superBlock;
    out.superBlockPrimary = superBlockPrimary;
    if (out.io == null && inFlight == null) {
      finish(out, null);
      out.failed = true;
    }
  }

  private static void awaitQuietly(CompletableFuture<Void> io) {
    try {
      io.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // finish() reports it.
    }
  }

  /** Lays the request's record out at {@code at}: header fields, payload, zero padding. */
  private RecordHeader fill(Append a, MemorySegment at, long seq, int prev, long now) {
    long len = a.payloadBytes();
    MemorySegment payload = at.asSlice(RecordHeader.BYTES, len);
    int crc;
    RecordType type;
    long stripe = a.key.stripeId();
    int shard = a.key.shardIndex();
    if (a.kind == Append.Kind.TOMBSTONE) {
      TombstonePayload.write(a.deleted, payload);
      crc = RecordHeader.payloadCrc(payload);
      type = RecordType.TOMBSTONE;
    } else {
      MemorySegment.copy(a.payload, 0, payload, 0, len);
      crc = a.payloadCrc;
      type = RecordType.SHARD;
    }
    long padFrom = RecordHeader.BYTES + len;
    at.asSlice(padFrom, at.byteSize() - padFrom).fill((byte) 0);
    boolean copy = a.kind == Append.Kind.COPY || a.copiedOrigin != 0;
    long origin = a.kind == Append.Kind.COPY ? a.source.originSequence() : a.copiedOrigin != 0 ? a.copiedOrigin : seq;
    return new RecordHeader(type, copy ? RecordHeader.FLAG_COPY : 0, superBlock.diskTag(), seq, origin, stripe, shard,
        (int) len, crc, prev, now);
  }

  /** Stops after everything queued is written. */
  void close() {
    running = false;
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.index().sync();
    log.buffers().release(stagings[0]);
    log.buffers().release(stagings[1]);
  }
}
