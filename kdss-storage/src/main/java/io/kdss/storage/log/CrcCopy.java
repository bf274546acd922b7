package io.kdss.storage.log;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.zip.CRC32C;

/**
 * Copies a payload into the staging buffer and computes the CRC32C of the bytes it wrote, a
 * chunk at a time while each chunk is still in the core's cache: one pass over the payload
 * instead of a CRC pass over the caller's buffer and a copy pass after it. The CRC is that of
 * the staged bytes, the ones that go to disk, so a caller's buffer changed after the check
 * cannot reach the disk under a CRC it does not match.
 *
 * <p>The copy is libc's memcpy (a critical downcall, heap sources allowed): into a staging
 * buffer that is not in cache it moved 1 MiB payloads about a third faster per CPU second
 * than {@link MemorySegment#copy} on the benchmark machine (glibc uses {@code rep movsb},
 * which does not read the destination lines first). Without it the JDK's copy is used.
 */
final class CrcCopy {

  /** Bytes copied before they are summed: well inside a core's L2 cache. */
  static final long CHUNK = 128 << 10;
  private static final MethodHandle MEMCPY = bindMemcpy();

  private CrcCopy() {
  }

  /** Copies {@code from} to the start of {@code to} (native memory, at least as long); returns the CRC32C of the copy. */
  static int copy(MemorySegment from, MemorySegment to) {
    CRC32C crc = new CRC32C();
    long n = from.byteSize();
    for (long p = 0; p < n; p += CHUNK) {
      long len = Math.min(CHUNK, n - p);
      MemorySegment dst = to.asSlice(p, len);
      copyChunk(from.asSlice(p, len), dst);
      crc.update(dst.asByteBuffer());
    }
    return (int) crc.getValue();
  }

  private static void copyChunk(MemorySegment from, MemorySegment to) {
    if (MEMCPY == null) {
      MemorySegment.copy(from, 0, to, 0, from.byteSize());
      return;
    }
    try {
      MemorySegment unused = (MemorySegment) MEMCPY.invokeExact(to, from, from.byteSize());
    } catch (Throwable t) {
      throw new IllegalStateException("memcpy failed", t);
    }
  }

  /** Whether copies go through libc's memcpy (false: the JDK's copy). */
  static boolean nativeCopy() {
    return MEMCPY != null;
  }

  private static MethodHandle bindMemcpy() {
    try {
      Linker linker = Linker.nativeLinker();
      return linker.defaultLookup().find("memcpy").map(addr -> linker.downcallHandle(addr,
          FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
          Linker.Option.critical(true))).orElse(null);
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }
}
