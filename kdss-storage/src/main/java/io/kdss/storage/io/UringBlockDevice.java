package io.kdss.storage.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A disk driven through io_uring by one ring thread. Callers on any thread enqueue
 * operations; the ring thread batches everything queued into one io_uring_enter, so many
 * concurrent reads and writes cost few syscalls. An eventfd read kept in flight wakes the
 * thread when work arrives while it sleeps for completions.
 *
 * <p>A durable write is N write SQEs submitted together, then, once all of them completed,
 * an fdatasync (IO_DRAIN cannot be used: it would also wait for the eventfd read that is
 * always in flight). Syncs coalesce: one fdatasync is in flight at a time and covers every
 * durable write whose writes had completed when it was submitted; writes that complete
 * meanwhile wait for the next one, submitted as soon as it returns. With several group
 * commits in flight the disk keeps writing while it syncs, and one flush serves many
 * groups, as in a database's log.
 *
 * <p>At most CQ size - 1 operations are in flight (one CQ entry stays for the eventfd read),
 * and the submission queue (half the CQ) is submitted whenever it fills, so any number of
 * queued operations just wait their turn. If the ring thread ever dies, the device is
 * failed: every operation in flight or queued, and every later one, fails at once.
 */
public final class UringBlockDevice implements BlockDevice {

  private static final int RING_ENTRIES = 256;
  /** Large writes are cut into pieces this big so the device sees several in flight. */
  private static final int WRITE_CHUNK = 1 << 20;
  private static final long WAKE_TAG = -1L;
  /** How long a close waits for the operations queued before it. */
  private static final long CLOSE_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final Logger LOG = LoggerFactory.getLogger(UringBlockDevice.class);

  private final String path;
  private final int fd;
  private final boolean direct;
  private final long size;
  private final IoRing ring;
  private final int eventFd;
  private final MemorySegment wakeBuf = Arena.ofAuto().allocate(8, 8);
  private final MemorySegment signalBuf = Arena.ofAuto().allocate(8, 8);
  private final ConcurrentLinkedQueue<Op> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean sleeping = new AtomicBoolean();
  private final Op[] slots;
  private final ArrayDeque<Integer> freeSlots = new ArrayDeque<>();
  /** Ops the ring thread itself queued (the fdatasync after a group's writes). */
  private final ArrayDeque<Op> followUps = new ArrayDeque<>();
  /** Durable writes whose writes completed, waiting for the next fdatasync (ring thread only). */
  private List<Group> awaitingSync = new ArrayList<>();
  /** The coalesced fdatasync in flight, or null (ring thread only). */
  private Group syncing;
  private final Thread thread;
  private volatile boolean closed;
  /** Why the ring thread stopped, if it died (see {@link #failure()}). */
  private volatile String failure;
  private final AtomicInteger inFlight = new AtomicInteger();

  /** One submission: a READ, WRITE or FSYNC with the group it belongs to. */
  private record Op(byte opcode, byte flags, long offset, MemorySegment buf, Group group) {
  }

  /** Operations that complete one caller future together (a read, or a write + sync). */
  private static final class Group {
    final CompletableFuture<Void> future = new CompletableFuture<>();
    int remaining;
    boolean syncAfter;
    IOException error;
    /** For a coalesced fdatasync: the durable writes it makes durable. */
    List<Group> covers;

    Group(int n) {
      remaining = n;
    }
  }

  UringBlockDevice(String path, int fd, boolean direct) throws IOException {
    this.path = path;
    this.fd = fd;
    this.direct = direct;
    this.size = LibC.size(fd);
    this.ring = IoRing.open(RING_ENTRIES);
    try {
      this.eventFd = LibC.eventfd();
    } catch (IOException e) {
      ring.close();
      throw e;
    }
    this.slots = new Op[ring.cqEntries() - 1];
    for (int i = 0; i < slots.length; i++) {
      freeSlots.add(i);
    }
    this.thread = Thread.ofPlatform().daemon().name("kdss-uring-" + shortName(path)).start(this::loop);
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public long sizeBytes() {
    return size;
  }

  @Override
  public String engine() {
    return "io_uring";
  }

  @Override
  public boolean direct() {
    return direct;
  }

  @Override
  public CompletableFuture<Void> read(long offset, MemorySegment into) {
    BlockDevice.checkAligned(offset, into);
    Group g = new Group(1);
    enqueue(List.of(new Op(IoRing.OP_READ, (byte) 0, offset, into, g)));
    return g.future;
  }

  @Override
  public CompletableFuture<Void> write(List<IoSlice> slices, boolean durable) {
    ArrayList<Op> ops = new ArrayList<>();
    Group g = new Group(0);
    for (IoSlice s : slices) {
      for (long pos = 0; pos < s.data().byteSize(); pos += WRITE_CHUNK) {
        long n = Math.min(WRITE_CHUNK, s.data().byteSize() - pos);
        ops.add(new Op(IoRing.OP_WRITE, (byte) 0, s.offset() + pos, s.data().asSlice(pos, n), g));
      }
    }
    g.remaining = ops.size();
    if (ops.isEmpty()) {
      if (!durable) {
        return CompletableFuture.completedFuture(null);
      }
      g.remaining = 1;
      ops.add(new Op(IoRing.OP_FSYNC, (byte) 0, 0, null, g));
    } else {
      g.syncAfter = durable;
    }
    enqueue(ops);
    return g.future;
  }

  @Override
  public String failure() {
    return failure;
  }

  private void enqueue(List<Op> ops) {
    if (closed || failure != null) {
      ops.get(0).group.future.completeExceptionally(new IOException(path + (closed ? " is closed" : " failed: " + failure)));
      return;
    }
    // Ops of one group go in together so a drain-flagged fsync follows its own writes.
    synchronized (queue) {
      queue.addAll(ops);
    }
    if (failure != null) {
      // The ring thread died while these were queued: nobody else will take them.
      drainQueue(new IOException(path + " failed: " + failure));
      return;
    }
    if (sleeping.compareAndSet(true, false)) {
      LibC.signal(eventFd, signalBuf);
    }
  }

  /** Runs until closed and everything queued before the close is done (or {@link #CLOSE_DRAIN_NANOS} passed). */
  private void loop() {
    long closeDeadline = 0;
    try {
      ring.prepare(IoRing.OP_READ, (byte) 0, eventFd, 0, wakeBuf.address(), 8, 0, WAKE_TAG);
      while (true) {
        if (closed) {
          closeDeadline = closeDeadline != 0 ? closeDeadline : System.nanoTime() + CLOSE_DRAIN_NANOS;
          if (inFlight.get() == 0 && queue.isEmpty() && followUps.isEmpty() || System.nanoTime() > closeDeadline) {
            break;
          }
        }
        boolean queued = fill();
        int wait = 1;
        if (!queued && !closed) {
          sleeping.set(true);
          if (!queue.isEmpty()) {
            sleeping.set(false);
            wait = 0;
          }
        }
        ring.submitAndWait(wait);
        sleeping.set(false);
        ring.reap(this::complete);
      }
    } catch (Throwable t) {
      failure = "io_uring thread stopped: " + t;
      LOG.atError().setCause(t).addKeyValue("disk", path).log("io_uring thread died: the device is failed");
      failAll(new IOException("io_uring thread of " + path + " stopped: " + t, t));
      return;
    }
    failAll(new IOException(path + " is closed"));
  }

  /** Moves queued ops into the ring while slots last (submitting whenever the SQ fills); true if some remain queued. */
  private boolean fill() throws IOException {
    Op op;
    while (!freeSlots.isEmpty() && (op = followUps.isEmpty() ? queue.peek() : followUps.peek()) != null) {
      if (ring.sqSpace() == 0) {
        ring.submitAndWait(0);
      }
      if (followUps.isEmpty()) {
        queue.poll();
      } else {
        followUps.poll();
      }
      int slot = freeSlots.poll();
      slots[slot] = op;
      inFlight.incrementAndGet();
      long addr = op.buf == null ? 0 : op.buf.address();
      int len = op.buf == null ? 0 : (int) op.buf.byteSize();
      int opFlags = op.opcode == IoRing.OP_FSYNC ? IoRing.FSYNC_DATASYNC : 0;
      ring.prepare(op.opcode, op.flags, fd, op.offset, addr, len, opFlags, slot);
    }
    return !queue.isEmpty() || !followUps.isEmpty();
  }

  private void complete(long tag, int res) {
    if (tag == WAKE_TAG) {
      if (!closed) {
        ring.prepare(IoRing.OP_READ, (byte) 0, eventFd, 0, wakeBuf.address(), 8, 0, WAKE_TAG);
      }
      return;
    }
    int slot = (int) tag;
    Op op = slots[slot];
    slots[slot] = null;
    freeSlots.add(slot);
    inFlight.decrementAndGet();
    Group g = op.group;
    if (res < 0) {
      g.error = new LibC.ErrnoException(opName(op.opcode) + " " + path + " at " + op.offset, -res);
    } else if (op.buf != null && res != op.buf.byteSize()) {
      g.error = new IOException("short " + opName(op.opcode) + " on " + path + " at " + op.offset
          + ": " + res + " of " + op.buf.byteSize() + " bytes");
    }
    if (--g.remaining == 0) {
      if (g.covers != null) {
        synced(g);
      } else if (g.error == null && g.syncAfter) {
        awaitingSync.add(g);
        startSync();
      } else if (g.error != null) {
        g.future.completeExceptionally(g.error);
      } else {
        g.future.complete(null);
      }
    }
  }

  /** Submits one fdatasync for every durable write waiting, unless one is in flight already. */
  private void startSync() {
    if (syncing != null || awaitingSync.isEmpty()) {
      return;
    }
    syncing = new Group(1);
    syncing.covers = awaitingSync;
    awaitingSync = new ArrayList<>();
    followUps.add(new Op(IoRing.OP_FSYNC, (byte) 0, 0, null, syncing));
  }

  private void synced(Group sync) {
    syncing = null;
    for (Group g : sync.covers) {
      if (sync.error != null) {
        g.future.completeExceptionally(sync.error);
      } else {
        g.future.complete(null);
      }
    }
    startSync();
  }

  /**
   * Fails every operation the ring thread will not finish, except those whose buffers the
   * kernel may still be reading or writing (a read or write in flight): their futures stay
   * pending so no caller returns such a buffer to its pool; they are leaked, with a warning.
   */
  private void failAll(IOException e) {
    Set<Group> held = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Op op : slots) {
      if (op != null && op.buf != null) {
        held.add(op.group);
      }
    }
    for (Op op : slots) {
      if (op != null && op.buf == null) {
        fail(op.group, e);
      }
    }
    awaitingSync.forEach(g -> fail(g, e));
    followUps.forEach(op -> fail(op.group, e));
    Op op;
    while ((op = queue.poll()) != null) {
      if (!held.contains(op.group)) {
        op.group.future.completeExceptionally(e);
      }
    }
    if (!held.isEmpty()) {
      LOG.atWarn().addKeyValue("disk", path).addKeyValue("operations", held.size())
          .log("I/O still in flight in the kernel: its buffers are leaked, never reused");
    }
  }

  private static void fail(Group g, IOException e) {
    g.future.completeExceptionally(e);
    if (g.covers != null) {
      g.covers.forEach(c -> c.future.completeExceptionally(e));
    }
  }

  private void drainQueue(IOException e) {
    Op op;
    while ((op = queue.poll()) != null) {
      op.group.future.completeExceptionally(e);
    }
  }

  private static String opName(byte opcode) {
    return switch (opcode) {
      case IoRing.OP_READ -> "read";
      case IoRing.OP_WRITE -> "write";
      default -> "fdatasync";
    };
  }

  static String shortName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    LibC.signal(eventFd, signalBuf);
    try {
      thread.join(TimeUnit.NANOSECONDS.toMillis(CLOSE_DRAIN_NANOS) + 5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      // Stuck in the kernel: the ring, its files and every buffer in flight stay as they are.
      LOG.atWarn().addKeyValue("disk", path).addKeyValue("inFlight", inFlight.get())
          .log("io_uring thread did not stop: ring and buffers leaked");
      return;
    }
    ring.close();
    LibC.close(eventFd);
    LibC.close(fd);
  }
}
