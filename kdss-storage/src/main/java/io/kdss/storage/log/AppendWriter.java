package io.kdss.storage.log;

import io.kdss.storage.StorageException;
import io.kdss.storage.disk.RecordHeader;
import io.kdss.storage.disk.SegmentOffset;
import io.kdss.storage.disk.SuperBlock;
import io.kdss.storage.index.IndexBatch;
import io.kdss.storage.index.IndexCheckpoint;
import io.kdss.storage.io.BlockDevice;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one disk (group commit): it takes every queued request, lays their
 * records out in a staging buffer ({@link BatchLayout}), writes them as a few large
 * sequential writes followed by an fdatasync, then applies them to the index in one
 * transaction and only then completes their futures. Acknowledged therefore means durable
 * and readable.
 *
 * <p>Group commits are pipelined: up to {@code maxBatchesInFlight} are written at once (the
 * device coalesces their fdatasyncs, see {@link BlockDevice#write}), so the disk never waits
 * for this thread and this thread never waits for the disk while requests are queued.
 * Batches are finished strictly in order. A failed batch fails every batch after it (they
 * chain to records that are not on disk) and the log's plan returns to the last durable
 * state once their writes have settled. A batch that writes block 0 or a freed segment's
 * head waits for every batch before it and is refused if one of them failed.
 *
 * <p>If the index refuses a batch (LMDB map full, I/O error under it) the writer stops: that
 * batch and every one after it fail, later requests fail at once, and the disk turns
 * read-only with the reason in its health (FAILED). Reads keep working from the index as
 * it was; the log still holds the unindexed records, replayed when the disk is reopened.
 */
final class AppendWriter {

  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final Logger LOG = LoggerFactory.getLogger(AppendWriter.class);

  private final DiskLog log;
  private final BlockDevice device;
  private final DiskLogOptions options;
  private final BatchLayout.Disk disk;
  private final ConcurrentLinkedQueue<Append> queue = new ConcurrentLinkedQueue<>();
  private final ArrayDeque<Batch> inFlight = new ArrayDeque<>();
  private final Thread thread;
  private volatile boolean running = true;
  /** Set while the thread may park with nothing queued: only then does a submitter wake it (an unpark is a syscall). */
  private volatile boolean idle;
  /** The one staging size every batch of records of 64 KiB or more fits (see {@link #start}). */
  private final long stagingFloor;
  private Append carry;
  private long lastSyncNanos = System.nanoTime();
  /** The log after the last batch laid out (the next continues from here). */
  private volatile LogState planned;
  /** The log after the last batch acknowledged (a failed batch returns the plan to it). */
  private volatile LogState durable;
  /** A mode set by health even if the superblock could not be rewritten (a dying disk). */
  private volatile SuperBlock.Mode modeOverride;
  /** Why this writer stopped for good (the index failed), or null. */
  private volatile String broken;
  /** The most unapplied batches a layout read through (bounded by the batches in flight). */
  private int deepestChain;

  AppendWriter(DiskLog log, LogState state) {
    this.log = log;
    this.device = log.device();
    this.options = log.options();
    this.disk = new BatchLayout.Disk(log.name(), log.layout(), new RecordApplier(log.table()),
        options.reserveSegments());
    this.stagingFloor = blocks(options.maxBatchBytes() + options.maxBatchBytes() / 16 + 2L * RecordHeader.BLOCK);
    this.planned = state;
    this.durable = state;
    this.thread = Thread.ofPlatform().daemon().name("kdss-append-" + log.name()).start(this::loop);
  }

  void submit(Append a) {
    if (!running || broken != null) {
      a.future.completeExceptionally(refusal());
      return;
    }
    queue.add(a);
    if (broken != null) {
      failQueued();
    }
    if (idle) {
      LockSupport.unpark(thread);
    }
  }

  private StorageException.Unavailable refusal() {
    return new StorageException.Unavailable(broken != null ? "disk " + log.name() + " failed: " + broken
        : "disk " + log.name() + " is closed", null);
  }

  /** Why the writer stopped for good, or null. */
  String failure() {
    return broken;
  }

  int deepestChain() {
    return deepestChain;
  }

  SegmentOffset head() {
    return planned.head();
  }

  SuperBlock superBlock() {
    return durable.superBlock();
  }

  SuperBlock.Mode mode() {
    SuperBlock.Mode m = modeOverride;
    return m != null ? m : durable.superBlock().mode();
  }

  void overrideMode(SuperBlock.Mode m) {
    modeOverride = m;
  }

  private void loop() {
    try {
      run();
    } catch (RuntimeException | Error e) {
      stop(e);
    }
  }

  private void run() {
    List<Append> requests = new ArrayList<>();
    while (running || carry != null || !queue.isEmpty() || !inFlight.isEmpty()) {
      while (!inFlight.isEmpty() && inFlight.peekFirst().io.isDone()) {
        finish(inFlight.pollFirst());
      }
      if ((carry != null || !queue.isEmpty()) && inFlight.size() < options.maxBatchesInFlight()) {
        take(requests);
        start(requests);
        requests.clear();
      } else if (!inFlight.isEmpty() && inFlight.size() >= options.maxBatchesInFlight()) {
        await(inFlight.peekFirst().io);
      } else {
        // idle is set before the queue is checked and a submitter checks it after queueing:
        // one of the two sees the other, so no request waits for the park to time out.
        idle = true;
        if (queue.isEmpty()) {
          LockSupport.parkNanos(this, IDLE_PARK_NANOS);
        }
        idle = false;
      }
      maybeSyncIndex();
    }
  }

  /** Takes queued requests up to the batch size (a request that does not fit waits for the next batch). */
  private void take(List<Append> into) {
    long bytes = 0;
    Append a = carry != null ? carry : queue.poll();
    carry = null;
    while (a != null) {
      if (!into.isEmpty() && bytes + a.logBytes() > options.maxBatchBytes()) {
        carry = a;
        return;
      }
      into.add(a);
      bytes += a.logBytes();
      a = queue.poll();
    }
  }

  /** Lays a batch out and submits its writes; answers at once a batch with nothing to write. */
  private void start(List<Append> requests) {
    Batch b = new Batch();
    long staging = 2L * RecordHeader.BLOCK;
    for (Append a : requests) {
      staging += a.stagingBytes();
    }
    // Batches of large records all take one size of buffer, so the pool keeps a few of them
    // (one per batch in flight) mapped and cache-warm instead of one per size class in use;
    // a batch of many small records (more block slack than the floor allows) takes its own size.
    b.staging = log.buffers().take(Math.max(stagingFloor, blocks(staging)));
    b.index = new IndexBatch(log.index(), inFlight.isEmpty() ? null : inFlight.peekLast().index);
    deepestChain = Math.max(deepestChain, b.index.depth());
    try {
      SuperBlock.Mode mode = modeOverride != null ? modeOverride : planned.superBlock().mode();
      BatchLayout layout = new BatchLayout(disk, planned, mode, b.staging.segment(), b.index);
      for (Append a : requests) {
        layout.add(a, b);
      }
      b.end = layout.finish(b);
      submit(b, layout.slices());
    } catch (RuntimeException e) {
      disk.applier().rollback();
      log.buffers().release(b.staging);
      requests.forEach(a -> a.future.completeExceptionally(e));
    }
  }

  /** Submits the batch's writes, moves the plan past it, and commits its stats (undoable). */
  private void submit(Batch b, List<BlockDevice.IoSlice> slices) {
    if (!slices.isEmpty()) {
      if (b.ordered) {
        // Block 0 and freed segment heads may also be written by a batch in flight (the
        // device may reorder concurrent writes), and a freed segment's data must have its
        // copies durable first: wait for every batch before this one, and write nothing
        // if one failed (this batch was laid out on top of it).
        for (Batch earlier : inFlight) {
          Throwable err = outcome(earlier.io);
          if (err != null) {
            throw new StorageException.Unavailable("write to " + log.name() + " refused: an earlier write failed: "
                + err.getMessage(), err);
          }
        }
      }
      b.io = device.write(slices, true);
      b.io.whenComplete((v, e) -> LockSupport.unpark(thread));
    } else {
      b.io = CompletableFuture.completedFuture(null);
    }
    b.index.checkpoint(new IndexCheckpoint(b.end.head(), b.end.nextSequence(), b.end.prevHeaderCrc()));
    b.undo = disk.applier().commit(b.index);
    planned = b.end;
    inFlight.addLast(b);
  }

  private static long blocks(long bytes) {
    return (bytes + RecordHeader.BLOCK - 1) & -RecordHeader.BLOCK;
  }

  /** Applies a batch whose writes and sync completed to the index and acknowledges it; or fails it and everything after. */
  private void finish(Batch b) {
    Throwable err = outcome(b.io);
    if (err != null) {
      fail(b, err);
      return;
    }
    try {
      log.index().apply(b.index);
    } catch (RuntimeException e) {
      inFlight.addFirst(b);
      throw e;
    }
    if (!inFlight.isEmpty()) {
      // The next batch read through this one's changes; they are in the index now.
      inFlight.peekFirst().index.detachParent();
    }
    durable = b.end;
    log.buffers().release(b.staging);
    log.observer().appended(b.records, b.bytes, System.nanoTime() - b.started);
    b.done.forEach(d -> d.append().future.complete(d.location()));
  }

  private void fail(Batch failed, Throwable err) {
    log.observer().writeFailed(err);
    if (device.failure() != null) {
      log.observer().fatal(device.failure());
    }
    StorageException.Unavailable failure = new StorageException.Unavailable(
        "write to " + log.name() + " failed: " + err.getMessage(), err);
    List<Batch> all = new ArrayList<>();
    all.add(failed);
    all.addAll(inFlight);
    inFlight.clear();
    // Later batches chain to records that are not on disk; let their writes settle before
    // the plan goes back and new writes reuse those places.
    for (Batch b : all) {
      outcome(b.io);
    }
    for (int i = all.size() - 1; i >= 0; i--) {
      disk.applier().undo(all.get(i).undo);
    }
    for (Batch b : all) {
      log.buffers().release(b.staging);
      b.done.forEach(d -> d.append().future.completeExceptionally(failure));
    }
    planned = durable;
  }

  /**
   * The writer cannot go on (the index refused a batch): fails every batch in flight once
   * its writes settled, then everything queued and every later request; the disk turns
   * read-only and its health FAILED with the reason.
   */
  private void stop(Throwable cause) {
    broken = "index failed: " + cause;
    modeOverride = SuperBlock.Mode.READONLY;
    LOG.atError().setCause(cause).addKeyValue("disk", log.name())
        .log("append thread stopped: the disk is read-only until it is reopened");
    log.observer().fatal(broken);
    if (!inFlight.isEmpty()) {
      List<Batch> all = new ArrayList<>(inFlight);
      inFlight.clear();
      for (Batch b : all) {
        outcome(b.io);
      }
      for (int i = all.size() - 1; i >= 0; i--) {
        disk.applier().undo(all.get(i).undo);
      }
      StorageException.Unavailable failure = refusal();
      for (Batch b : all) {
        log.buffers().release(b.staging);
        b.done.forEach(d -> d.append().future.completeExceptionally(failure));
      }
      planned = durable;
    }
    failQueued();
  }

  private void failQueued() {
    StorageException.Unavailable failure = refusal();
    Append c = carry;
    carry = null;
    if (c != null) {
      c.future.completeExceptionally(failure);
    }
    Append a;
    while ((a = queue.poll()) != null) {
      a.future.completeExceptionally(failure);
    }
  }

  private static Throwable outcome(CompletableFuture<Void> io) {
    try {
      io.get();
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e;
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  private static void await(CompletableFuture<Void> io) {
    outcome(io);
  }

  private void maybeSyncIndex() {
    if (System.nanoTime() - lastSyncNanos > TimeUnit.MILLISECONDS.toNanos(options.indexSyncIntervalMs())) {
      log.index().sync();
      lastSyncNanos = System.nanoTime();
    }
  }

  /** Stops after everything queued is written; false if the thread did not stop (it keeps its buffers and the index). */
  boolean close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      // Its batches' staging buffers stay with it (the device may still be writing them).
      LOG.atWarn().addKeyValue("disk", log.name()).addKeyValue("inFlight", inFlight.size())
          .log("append thread did not stop within 30 s: leaving it its buffers and the index");
      return false;
    }
    if (broken == null) {
      log.index().sync();
    }
    return true;
  }
}
