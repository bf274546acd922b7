package io.kdss.storage.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * One io_uring instance set up with the raw syscalls (io_uring_setup, mmap of the rings,
 * io_uring_enter): no liburing needed, whose helpers are inline C functions Panama cannot
 * call. Not thread-safe: exactly one thread (the device's ring thread) prepares, submits and
 * reaps.
 *
 * <pre>
 * SQE (64 bytes)                          CQE (16 bytes)
 *  0 opcode u8   1 flags u8  2 ioprio u16  0 user_data u64
 *  4 fd s32      8 off u64                 8 res s32
 * 16 addr u64   24 len u32  28 op_flags u32 12 flags u32
 * 32 user_data u64  40 buf_index u16 ... 63
 * </pre>
 */
final class IoRing implements AutoCloseable {

  static final byte OP_FSYNC = 3;
  static final byte OP_READ = 22;
  static final byte OP_WRITE = 23;
  static final int FSYNC_DATASYNC = 1;

  private static final int ENTER_GETEVENTS = 1;
  private static final int ENTER_EXT_ARG = 8;
  private static final int FEAT_SINGLE_MMAP = 1;
  private static final int FEAT_EXT_ARG = 1 << 8;
  private static final int ETIME = 62;
  /**
   * Longest a wait for completions lasts before the ring thread looks at its queue again. A
   * safety net: work is announced through an eventfd read kept in flight, but that wake-up was
   * seen lost on a loaded VM (a format hung with its read queued and the thread asleep), and a
   * bounded wait turns such a loss into a 50 ms delay instead of a hang.
   */
  static final long WAIT_SLICE_NANOS = 50_000_000L;
  private static final long OFF_SQ_RING = 0L;
  private static final long OFF_CQ_RING = 0x8000000L;
  private static final long OFF_SQES = 0x10000000L;
  private static final int SQE_BYTES = 64;
  private static final int CQE_BYTES = 16;
  private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

  private final int ringFd;
  private final int sqEntries;
  private final int cqEntries;
  private final MemorySegment sqRing;
  private final MemorySegment cqRing;
  private final MemorySegment sqes;
  private final long sqHeadOff;
  private final long sqTailOff;
  private final int sqMask;
  private final long sqArrayOff;
  private final long cqHeadOff;
  private final long cqTailOff;
  private final int cqMask;
  private final long cqesOff;
  private int sqTail;
  private int pendingSubmit;
  private final boolean extArg;
  /** struct io_uring_getevents_arg {u64 sigmask; u32 sigmask_sz; u32 pad; u64 ts} and its __kernel_timespec. */
  private final MemorySegment waitArg = Arena.ofAuto().allocate(24, 8);
  private final MemorySegment waitTimeout = Arena.ofAuto().allocate(16, 8);

  private IoRing(int ringFd, MemorySegment params, MemorySegment sqRing, MemorySegment cqRing, MemorySegment sqes) {
    this.ringFd = ringFd;
    this.sqEntries = params.get(ValueLayout.JAVA_INT, 0);
    this.cqEntries = params.get(ValueLayout.JAVA_INT, 4);
    this.sqRing = sqRing;
    this.cqRing = cqRing;
    this.sqes = sqes;
    this.sqHeadOff = params.get(ValueLayout.JAVA_INT, 40);
    this.sqTailOff = params.get(ValueLayout.JAVA_INT, 44);
    this.sqMask = sqRing.get(ValueLayout.JAVA_INT, params.get(ValueLayout.JAVA_INT, 48));
    this.sqArrayOff = params.get(ValueLayout.JAVA_INT, 64);
    this.cqHeadOff = params.get(ValueLayout.JAVA_INT, 80);
    this.cqTailOff = params.get(ValueLayout.JAVA_INT, 84);
    this.cqMask = cqRing.get(ValueLayout.JAVA_INT, params.get(ValueLayout.JAVA_INT, 88));
    this.cqesOff = params.get(ValueLayout.JAVA_INT, 100);
    this.sqTail = (int) INT.getAcquire(sqRing, sqTailOff);
    this.extArg = (params.get(ValueLayout.JAVA_INT, 20) & FEAT_EXT_ARG) != 0;
    waitTimeout.set(ValueLayout.JAVA_LONG, 0, 0L);
    waitTimeout.set(ValueLayout.JAVA_LONG, 8, WAIT_SLICE_NANOS);
    waitArg.set(ValueLayout.JAVA_LONG, 16, waitTimeout.address());
  }

  /**
   * Sets up a ring with {@code entries} submission slots.
   *
   * <pre>
   * io_uring_params (120 bytes): sq_entries u32 @0, cq_entries u32 @4, flags @8, ..., features @20,
   *   sq_off @40 {head, tail, ring_mask, ring_entries, flags, dropped, array, resv1, user_addr u64},
   *   cq_off @80 {head, tail, ring_mask, ring_entries, overflow, cqes, flags, resv1, user_addr u64}
   * </pre>
   */
  static IoRing open(int entries) throws IOException {
    MemorySegment params = Arena.ofAuto().allocate(120, 8);
    int fd = (int) LibC.syscall("io_uring_setup", LibC.SYS_IO_URING_SETUP, entries, params.address(), 0, 0, 0, 0);
    try {
      int sqN = params.get(ValueLayout.JAVA_INT, 0);
      int cqN = params.get(ValueLayout.JAVA_INT, 4);
      int features = params.get(ValueLayout.JAVA_INT, 20);
      long sqSize = params.get(ValueLayout.JAVA_INT, 64) + 4L * sqN;
      long cqSize = params.get(ValueLayout.JAVA_INT, 100) + (long) CQE_BYTES * cqN;
      MemorySegment sq;
      MemorySegment cq;
      if ((features & FEAT_SINGLE_MMAP) != 0) {
        sq = LibC.mmap(Math.max(sqSize, cqSize), fd, OFF_SQ_RING);
        cq = sq;
      } else {
        sq = LibC.mmap(sqSize, fd, OFF_SQ_RING);
        cq = LibC.mmap(cqSize, fd, OFF_CQ_RING);
      }
      MemorySegment sqes = LibC.mmap((long) SQE_BYTES * sqN, fd, OFF_SQES);
      return new IoRing(fd, params, sq, cq, sqes);
    } catch (IOException | RuntimeException e) {
      LibC.close(fd);
      throw e;
    }
  }

  int sqEntries() {
    return sqEntries;
  }

  int cqEntries() {
    return cqEntries;
  }

  /** Free entries of the submission queue (prepared but not yet submitted ones take room). */
  int sqSpace() {
    return sqEntries - (sqTail - (int) INT.getAcquire(sqRing, sqHeadOff));
  }

  /** Queues one SQE (not yet submitted); the caller keeps in-flight below the CQ size. */
  void prepare(byte opcode, byte flags, int fd, long offset, long addr, int len, int opFlags, long userData) {
    int head = (int) INT.getAcquire(sqRing, sqHeadOff);
    if (sqTail - head >= sqEntries) {
      throw new IllegalStateException("io_uring submission queue full");
    }
    int idx = sqTail & sqMask;
    long base = (long) idx * SQE_BYTES;
    sqes.asSlice(base, SQE_BYTES).fill((byte) 0);
    sqes.set(ValueLayout.JAVA_BYTE, base, opcode);
    sqes.set(ValueLayout.JAVA_BYTE, base + 1, flags);
    sqes.set(ValueLayout.JAVA_INT, base + 4, fd);
    sqes.set(ValueLayout.JAVA_LONG, base + 8, offset);
    sqes.set(ValueLayout.JAVA_LONG, base + 16, addr);
    sqes.set(ValueLayout.JAVA_INT, base + 24, len);
    sqes.set(ValueLayout.JAVA_INT, base + 28, opFlags);
    sqes.set(ValueLayout.JAVA_LONG, base + 32, userData);
    sqRing.set(ValueLayout.JAVA_INT, sqArrayOff + 4L * idx, idx);
    sqTail++;
    INT.setRelease(sqRing, sqTailOff, sqTail);
    pendingSubmit++;
  }

  /**
   * Submits what was prepared and, if {@code waitFor} > 0, sleeps until that many completions
   * exist or {@link #WAIT_SLICE_NANOS} passed (kernels with IORING_FEAT_EXT_ARG, 5.11+).
   */
  void submitAndWait(int waitFor) throws IOException {
    int flags = waitFor > 0 ? ENTER_GETEVENTS : 0;
    if (pendingSubmit == 0 && waitFor == 0) {
      return;
    }
    long arg = 0;
    long argSize = 0;
    if (waitFor > 0 && extArg) {
      flags |= ENTER_EXT_ARG;
      arg = waitArg.address();
      argSize = waitArg.byteSize();
    }
    long rc;
    try {
      rc = LibC.syscall("io_uring_enter", LibC.SYS_IO_URING_ENTER, ringFd, pendingSubmit, waitFor, flags, arg, argSize);
    } catch (LibC.ErrnoException e) {
      if (e.errno() != ETIME) {
        throw e;
      }
      rc = 0;
    }
    if (rc > 0) {
      pendingSubmit -= (int) rc;
    }
  }

  /** Hands every available completion to {@code sink}; returns how many. */
  int reap(CompletionSink sink) {
    int head = (int) INT.get(cqRing, cqHeadOff);
    int tail = (int) INT.getAcquire(cqRing, cqTailOff);
    int n = 0;
    while (head != tail) {
      long base = cqesOff + (long) (head & cqMask) * CQE_BYTES;
      long userData = cqRing.get(ValueLayout.JAVA_LONG, base);
      int res = cqRing.get(ValueLayout.JAVA_INT, base + 8);
      head++;
      n++;
      INT.setRelease(cqRing, cqHeadOff, head);
      sink.complete(userData, res);
    }
    return n;
  }

  /** Receives one completion: the SQE's user data and its result (bytes, or -errno). */
  interface CompletionSink {
    void complete(long userData, int res);
  }

  @Override
  public void close() {
    LibC.munmap(sqes);
    if (cqRing != sqRing) {
      LibC.munmap(cqRing);
    }
    LibC.munmap(sqRing);
    LibC.close(ringFd);
  }
}
