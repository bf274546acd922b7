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
 * state once their writes have settled.
 */
final class AppendWriter {

  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final DiskLog log;
  private final BlockDevice device;
  private final DiskLogOptions options;
  private final BatchLayout.Disk disk;
  private final ConcurrentLinkedQueue<Append> queue = new ConcurrentLinkedQueue<>();
  private final ArrayDeque<Batch> inFlight = new ArrayDeque<>();
  private final Thread thread;
  private volatile boolean running = true;
  private Append carry;
  private long lastSyncNanos = System.nanoTime();
  /** The log after the last batch laid out (the next continues from here). */
  private volatile LogState planned;
  /** The log after the last batch acknowledged (a failed batch returns the plan to it). */
  private volatile LogState durable;
  /** The last in-flight batch that writes block 0 or a freed segment's head. */
  private Batch lastOrdered;
  /** A mode set by health even if the superblock could not be rewritten (a dying disk). */
  private volatile SuperBlock.Mode modeOverride;

  AppendWriter(DiskLog log, LogState state) {
    this.log = log;
    this.device = log.device();
    this.options = log.options();
    this.disk = new BatchLayout.Disk(log.name(), log.layout(), new RecordApplier(log.table()),
        options.reserveSegments());
    this.planned = state;
    this.durable = state;
    this.thread = Thread.ofPlatform().daemon().name("kdss-append-" + log.name()).start(this::loop);
  }

  void submit(Append a) {
    if (!running) {
      a.future.completeExceptionally(new StorageException.Unavailable("disk " + log.name() + " is closed", null));
      return;
    }
    queue.add(a);
    LockSupport.unpark(thread);
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
        LockSupport.parkNanos(this, IDLE_PARK_NANOS);
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
    b.staging = log.buffers().take((staging + RecordHeader.BLOCK - 1) & -RecordHeader.BLOCK);
    b.index = new IndexBatch(log.index(), inFlight.isEmpty() ? null : inFlight.peekLast().index);
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
      if (b.ordered && lastOrdered != null) {
        // Block 0 and freed segment heads may also be written by a batch in flight: keep two
        // writes of one place in order (the device may reorder concurrent ones).
        await(lastOrdered.io);
      }
      b.io = device.write(slices, true);
      b.io.whenComplete((v, e) -> LockSupport.unpark(thread));
    } else {
      b.io = CompletableFuture.completedFuture(null);
    }
    if (b.ordered) {
      lastOrdered = b;
    }
    b.index.checkpoint(new IndexCheckpoint(b.end.head(), b.end.nextSequence(), b.end.prevHeaderCrc()));
    b.undo = disk.applier().commit(b.index);
    planned = b.end;
    inFlight.addLast(b);
  }

  /** Applies a batch whose writes and sync completed to the index and acknowledges it; or fails it and everything after. */
  private void finish(Batch b) {
    Throwable err = outcome(b.io);
    if (err != null) {
      fail(b, err);
      return;
    }
    log.index().apply(b.index);
    if (!inFlight.isEmpty()) {
      // The next batch read through this one's changes; they are in the index now.
      inFlight.peekFirst().index.detachParent();
    }
    if (lastOrdered == b) {
      lastOrdered = null;
    }
    durable = b.end;
    log.buffers().release(b.staging);
    log.observer().appended(b.records, b.bytes, System.nanoTime() - b.started);
    b.done.forEach(d -> d.append().future.complete(d.location()));
  }

  private void fail(Batch failed, Throwable err) {
    log.observer().writeFailed(err);
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
    lastOrdered = null;
    planned = durable;
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

  /** Stops after everything queued is written. */
  void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.index().sync();
  }
}
