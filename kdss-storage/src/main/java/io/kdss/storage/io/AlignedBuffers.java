package io.kdss.storage.io;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pool of 4 KiB-aligned off-heap buffers for direct I/O, so the hot paths (reads, append
 * batches, scrubbing) allocate nothing per operation. A buffer taken must be given back
 * exactly once.
 *
 * <p>Buffers are carved out of slabs of huge-page memory ({@link HugePageMemory}): a direct
 * I/O into one pins a few huge pages instead of hundreds of small ones and reaches the device
 * as one request. Size classes are 4 KiB steps up to 64 KiB, then eight steps per power of
 * two (72, 80, ... 128, 144, 160 KiB, ...), so a size wastes at most 1/8: a 1 MiB shard's
 * record (1 MiB + 4 KiB) takes a 1.125 MiB buffer. A class's slab is 16 MiB (or one buffer
 * rounded up to 2 MiB for larger classes); free buffers are reused last-in first-out, so
 * memory never touched stays unbacked. Slabs are kept up to {@link #DEFAULT_MAX_SLAB_BYTES};
 * beyond that a buffer is allocated alone and freed on release.
 */
public final class AlignedBuffers {

  /** Most bytes of slabs a pool maps (virtual; only touched huge pages are backed). */
  public static final long DEFAULT_MAX_SLAB_BYTES = 4L << 30;
  private static final long SLAB_BYTES = 16L << 20;
  private static final int PAGE_SHIFT = 12;
  /** Sizes up to 2^(MAX_SHIFT) are pooled; larger ones are allocated and freed directly. */
  private static final int MAX_SHIFT = 27;
  private static final int STEPS_SHIFT = 3;
  private static final int CLASSES = classOf(1L << MAX_SHIFT) + 1;

  private final ConcurrentLinkedDeque<Buffer>[] free;
  private final long maxSlabBytes;
  private final AtomicLong slabBytes = new AtomicLong();

  /** An aligned buffer; {@link #segment()} is exactly the requested length. */
  public static final class Buffer {
    private final Arena ownArena;
    private final MemorySegment whole;
    private final int sizeClass;
    private MemorySegment view;

    private Buffer(Arena ownArena, MemorySegment whole, int sizeClass) {
      this.ownArena = ownArena;
      this.whole = whole;
      this.sizeClass = sizeClass;
    }

    public MemorySegment segment() {
      return view;
    }
  }

  public AlignedBuffers() {
    this(DEFAULT_MAX_SLAB_BYTES);
  }

  @SuppressWarnings("unchecked")
  public AlignedBuffers(long maxSlabBytes) {
    this.maxSlabBytes = maxSlabBytes;
    free = new ConcurrentLinkedDeque[CLASSES];
    for (int i = 0; i < CLASSES; i++) {
      free[i] = new ConcurrentLinkedDeque<>();
    }
  }

  /** A buffer of {@code length} bytes ({@code length} a multiple of 4 KiB), contents undefined. */
  public Buffer take(long length) {
    if (length <= 0 || length % BlockDevice.ALIGNMENT != 0) {
      throw new IllegalArgumentException("buffer length " + length + " is not a positive multiple of 4 KiB");
    }
    int c = length <= 1L << MAX_SHIFT ? classOf(length) : -1;
    Buffer b = c >= 0 ? free[c].pollFirst() : null;
    if (b == null) {
      b = c >= 0 ? carve(c) : null;
      if (b == null) {
        Arena arena = Arena.ofShared();
        b = new Buffer(arena, arena.allocate(length, BlockDevice.ALIGNMENT), -1);
      }
    }
    b.view = b.whole.asSlice(0, length);
    return b;
  }

  public void release(Buffer b) {
    if (b.ownArena != null) {
      b.ownArena.close();
    } else {
      free[b.sizeClass].addFirst(b);
    }
  }

  /** Maps a new slab for class {@code c}, keeps all but one of its buffers free; null past the cap. */
  private Buffer carve(int c) {
    long size = classBytes(c);
    long slab = size <= SLAB_BYTES ? SLAB_BYTES
        : (size + HugePageMemory.HUGE_PAGE - 1) & -HugePageMemory.HUGE_PAGE;
    if (slabBytes.addAndGet(slab) > maxSlabBytes) {
      slabBytes.addAndGet(-slab);
      return null;
    }
    MemorySegment mem = HugePageMemory.allocate(slab);
    // Pushed in reverse so the first buffers of the slab are handed out first.
    for (long off = (slab / size - 1) * size; off > 0; off -= size) {
      free[c].addFirst(new Buffer(null, mem.asSlice(off, size), c));
    }
    return new Buffer(null, mem.asSlice(0, size), c);
  }

  /** The class of a length: exact pages up to 2^(STEPS_SHIFT + 1) pages, then 2^STEPS_SHIFT steps per power of two. */
  static int classOf(long length) {
    long pages = (length + (1 << PAGE_SHIFT) - 1) >>> PAGE_SHIFT;
    long linear = 1L << (STEPS_SHIFT + 1);
    if (pages <= linear) {
      return (int) pages - 1;
    }
    int exp = 63 - Long.numberOfLeadingZeros(pages - 1);
    int step = (int) (((pages - 1) >>> (exp - STEPS_SHIFT)) & ((1 << STEPS_SHIFT) - 1));
    return (int) linear + (exp - STEPS_SHIFT - 1) * (1 << STEPS_SHIFT) + step;
  }

  /** The bytes of a class (the largest length it holds). */
  static long classBytes(int c) {
    long linear = 1L << (STEPS_SHIFT + 1);
    if (c < linear) {
      return (long) (c + 1) << PAGE_SHIFT;
    }
    int k = c - (int) linear;
    int exp = k / (1 << STEPS_SHIFT) + STEPS_SHIFT + 1;
    int step = k % (1 << STEPS_SHIFT);
    long pages = (1L << exp) + ((long) (step + 1) << (exp - STEPS_SHIFT));
    return pages << PAGE_SHIFT;
  }
}
