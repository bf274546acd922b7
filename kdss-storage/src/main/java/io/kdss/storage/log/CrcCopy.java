package io.kdss.storage.log;

import java.lang.foreign.MemorySegment;
import java.util.zip.CRC32C;

/**
 * Copies a payload into the staging buffer and computes the CRC32C of the bytes it wrote, a
 * chunk at a time while each chunk is still in the core's cache: one pass over the payload
 * instead of a CRC pass over the caller's buffer and a copy pass after it. The CRC is that of
 * the staged bytes, the ones that go to disk, so a caller's buffer changed after the check
 * cannot reach the disk under a CRC it does not match.
 */
final class CrcCopy {

  /** Bytes copied before they are summed: well inside a core's L2 cache. */
  static final long CHUNK = 128 << 10;

  private CrcCopy() {
  }

  /** Copies {@code from} to the start of {@code to} (native memory, at least as long); returns the CRC32C of the copy. */
  static int copy(MemorySegment from, MemorySegment to) {
    CRC32C crc = new CRC32C();
    long n = from.byteSize();
    for (long p = 0; p < n; p += CHUNK) {
      long len = Math.min(CHUNK, n - p);
      MemorySegment.copy(from, p, to, p, len);
      crc.update(to.asSlice(p, len).asByteBuffer());
    }
    return (int) crc.getValue();
  }
}
