package io.kdss.storage.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Anonymous memory aligned to 2 MiB and advised to be backed by transparent huge pages
 * (MADV_HUGEPAGE; it works with THP in "madvise" mode, the usual default).
 *
 * <p>Why it matters for O_DIRECT: the kernel pins a user buffer's pages for every I/O and
 * builds one segment per physically contiguous run. With 4 KiB pages a 1 MiB read pins 256
 * pages and needs 256 segments, more than many devices take in one request (a loop device
 * takes 128), so it is split. Measured on a loop device (a C program on liburing, random
 * 1 MiB + 4 KiB reads, depth 32): 4 KiB pages ~0.8 GiB/s at 0.12 CPU s/GiB, huge pages
 * ~1.5 GiB/s at 0.005 CPU s/GiB. Where THP is off, the memory works with small pages.
 *
 * <p>The mapping is released when its segment (and every slice of it) is unreachable.
 */
final class HugePageMemory {

  static final long HUGE_PAGE = 2L << 20;

  private HugePageMemory() {
  }

  /** {@code bytes} (a multiple of 2 MiB) of zeroed, 2 MiB-aligned memory. */
  static MemorySegment allocate(long bytes) {
    if (bytes <= 0 || bytes % HUGE_PAGE != 0) {
      throw new IllegalArgumentException("huge-page memory comes in multiples of 2 MiB, not " + bytes);
    }
    try {
      // Over-map by one huge page, then trim both ends to a 2 MiB-aligned range.
      MemorySegment raw = LibC.mmapAnonymous(bytes + HUGE_PAGE);
      long start = (raw.address() + HUGE_PAGE - 1) & -HUGE_PAGE;
      long head = start - raw.address();
      if (head > 0) {
        LibC.munmap(raw.asSlice(0, head));
      }
      long tail = HUGE_PAGE - head;
      if (tail > 0) {
        LibC.munmap(raw.asSlice(head + bytes, tail));
      }
      MemorySegment aligned = MemorySegment.ofAddress(start).reinterpret(bytes);
      LibC.madvise(aligned, LibC.MADV_HUGEPAGE);
      // The cleanup must not capture the segment (it would stay reachable): only its address.
      return aligned.reinterpret(bytes, Arena.ofAuto(), s -> LibC.munmap(MemorySegment.ofAddress(start).reinterpret(bytes)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map " + bytes + " bytes for I/O buffers", e);
    }
  }
}
