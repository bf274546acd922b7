package io.kdss.ec.impl;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * The argument checks every codec call makes before it touches a byte, each failing with an
 * {@link IllegalArgumentException} that names the shard and what to fix.
 */
final class ShardChecks {

  private ShardChecks() {
  }

  static void length(int len) {
    if (len < 0) {
      throw new IllegalArgumentException("len must be >= 0, got " + len);
    }
  }

  static void count(Object[] shards, String what, int expected, String scheme) {
    if (shards == null) {
      throw new IllegalArgumentException("the " + what + " array is null");
    }
    if (shards.length != expected) {
      throw new IllegalArgumentException(scheme + " needs " + expected + " " + what + ", got "
          + shards.length);
    }
  }

  /**
   * A shard the codec reads: native, alive, usable by this thread, at least len bytes. The
   * shard is {@code array[index]}, named so in messages (built only on failure: these checks
   * run on every call).
   */
  static long input(MemorySegment s, String array, int index, int len) {
    if (s == null) {
      throw new IllegalArgumentException(name(array, index) + " is null");
    }
    if (!s.isNative()) {
      throw new IllegalArgumentException(name(array, index) + " is a heap segment; the codec"
          + " works on off-heap memory (a segment from an Arena, or a direct ByteBuffer)");
    }
    if (!s.scope().isAlive()) {
      throw new IllegalArgumentException(name(array, index) + " belongs to a closed arena");
    }
    if (!s.isAccessibleBy(Thread.currentThread())) {
      throw new IllegalArgumentException(name(array, index) + " is confined to another thread");
    }
    if (s.byteSize() < len) {
      throw new IllegalArgumentException(name(array, index) + " holds " + s.byteSize()
          + " bytes, fewer than len " + len + " (shard sizes must match)");
    }
    return s.address();
  }

  /** A shard the codec writes: as {@link #input}, and writable. */
  static long output(MemorySegment s, String array, int index, int len) {
    long address = input(s, array, index, len);
    if (s.isReadOnly()) {
      throw new IllegalArgumentException(name(array, index) + " is read-only");
    }
    return address;
  }

  /**
   * Fails if bytes [0, len) of an output overlap those of a source or of another output (a
   * codec reading or writing the bytes it is writing produces garbage). Shards are given by
   * address; {@code sourceMask} and {@code outputMask} say which shard indexes they are, in
   * order, for the message.
   */
  static void noOverlap(long[] sources, long sourceMask, String sourceArray, long[] outputs,
      long outputMask, String outputArray, int k, int rows, int len) {
    if (len == 0) {
      return;
    }
    for (int r = 0; r < rows; r++) {
      long o = outputs[r];
      for (int j = 0; j < k; j++) {
        if (sources[j] < o + len && o < sources[j] + len) {
          throw overlap(outputArray, nth(outputMask, r), sourceArray, nth(sourceMask, j));
        }
      }
      for (int q = r + 1; q < rows; q++) {
        if (outputs[q] < o + len && o < outputs[q] + len) {
          throw overlap(outputArray, nth(outputMask, r), outputArray, nth(outputMask, q));
        }
      }
    }
  }

  private static IllegalArgumentException overlap(String a, int i, String b, int j) {
    String other = b.equals("erased") ? "shards" : b;
    return new IllegalArgumentException(name(a, i) + " overlaps " + other + "[" + j + "]");
  }

  /** The index of the n-th set bit of mask. */
  private static int nth(long mask, int n) {
    for (int i = 0; i < n; i++) {
      mask &= mask - 1;
    }
    return Long.numberOfTrailingZeros(mask);
  }

  private static String name(String array, int index) {
    return array.equals("erased") ? "shards[" + index + "] (erased)" : array + "[" + index + "]";
  }

  /** Wraps direct buffers (null stays null) and returns their common remaining(). */
  static int wrap(ByteBuffer[] buffers, String what, MemorySegment[] into) {
    int len = -1;
    int first = -1;
    for (int i = 0; i < buffers.length; i++) {
      ByteBuffer b = buffers[i];
      if (b == null) {
        continue;
      }
      if (!b.isDirect()) {
        throw new IllegalArgumentException(what + "[" + i + "] is a heap buffer; the codec works on"
            + " direct buffers");
      }
      if (len < 0) {
        len = b.remaining();
        first = i;
      } else if (b.remaining() != len) {
        throw new IllegalArgumentException("shard sizes differ: " + what + "[" + first + "] has "
            + len + " bytes remaining, " + what + "[" + i + "] has " + b.remaining());
      }
      into[i] = MemorySegment.ofBuffer(b);
    }
    return len;
  }
}
