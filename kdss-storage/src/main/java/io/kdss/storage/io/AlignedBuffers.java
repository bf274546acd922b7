package io.kdss.storage.io;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A pool of 4 KiB-aligned off-heap buffers in power-of-two size classes, so the hot paths
 * (reads, append batches, scrubbing) allocate nothing per operation. A buffer taken must be
 * given back exactly once; buffers above the largest class are allocated and freed directly.
 */
public final class AlignedBuffers {

  private static final int MIN_SHIFT = 12;
  private static final int MAX_SHIFT = 25;
  /** Buffers kept per size class; more are freed on release. */
  private static final int KEEP_PER_CLASS = 16;

  private final ConcurrentLinkedQueue<Buffer>[] classes;

  /** An aligned buffer; {@link #segment()} is exactly the requested length. */
  public static final class Buffer {
    private final Arena arena;
    private final MemorySegment whole;
    private final int sizeClass;
    private MemorySegment view;

    private Buffer(Arena arena, MemorySegment whole, int sizeClass) {
      this.arena = arena;
      this.whole = whole;
      this.sizeClass = sizeClass;
    }

    public MemorySegment segment() {
      return view;
    }
  }

  @SuppressWarnings("unchecked")
  public AlignedBuffers() {
    classes = new ConcurrentLinkedQueue[MAX_SHIFT + 1];
    for (int i = MIN_SHIFT; i <= MAX_SHIFT; i++) {
      classes[i] = new ConcurrentLinkedQueue<>();
    }
  }

  /** A buffer of {@code length} bytes ({@code length} a multiple of 4 KiB), contents undefined. */
  public Buffer take(long length) {
    int shift = Math.max(MIN_SHIFT, 64 - Long.numberOfLeadingZeros(length - 1));
    Buffer b = shift <= MAX_SHIFT ? classes[shift].poll() : null;
    if (b == null) {
      Arena arena = Arena.ofShared();
      long size = shift <= MAX_SHIFT ? 1L << shift : length;
      b = new Buffer(arena, arena.allocate(size, BlockDevice.ALIGNMENT), shift <= MAX_SHIFT ? shift : -1);
    }
    b.view = b.whole.asSlice(0, length);
    return b;
  }

  public void release(Buffer b) {
    if (b.sizeClass > 0 && classes[b.sizeClass].size() < KEEP_PER_CLASS) {
      classes[b.sizeClass].add(b);
    } else {
      b.arena.close();
    }
  }
}
