package io.kdss.ec.impl;

import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.XOR;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GF(2^8) matrix times shards with the JDK Vector API, the way ISA-L does it: split each byte
 * into its nibbles, look each up in a 16-entry product table with one lane shuffle
 * ({@code selectFrom}, a single {@code vpermb}/{@code pshufb}), XOR the halves into the
 * output. Each pass reads two vectors of every source once and feeds up to four outputs
 * (eight accumulators), so the sources are read from memory ceil(rows / 4) times.
 *
 * <p>Loaded only when the {@code jdk.incubator.vector} module is present. The kernels are
 * kept in separate methods (each compiled on its own): inlined into large callers the
 * vector objects may not be scalarised and the speed drops twentyfold.
 */
final class VectorKernel {

  static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();
  private static final ByteOrder ORDER = ByteOrder.nativeOrder();
  private static final int BLOCK = 2 * LANES;

  private VectorKernel() {
  }

  /**
   * For each coefficient of the row-major rows x k matrix, a low-nibble and a high-nibble
   * product table, each LANES bytes (the 16 products repeated), from ISA-L-layout tables.
   */
  static byte[] tables(byte[] nibbleTables) {
    int coefficients = nibbleTables.length / 32;
    byte[] t = new byte[coefficients * BLOCK];
    for (int c = 0; c < coefficients; c++) {
      for (int i = 0; i < LANES; i++) {
        t[c * BLOCK + i] = nibbleTables[c * 32 + (i & 15)];
        t[c * BLOCK + LANES + i] = nibbleTables[c * 32 + 16 + (i & 15)];
      }
    }
    return t;
  }

  /**
   * {@link CodingEngine#multiply} over the longest prefix of [0, len) that is a whole number
   * of blocks (2 x LANES bytes); returns its length. The caller does the rest.
   */
  static long multiply(byte[] t, int k, int rows, MemorySegment[] in, int[] inIndex,
      MemorySegment[] out, int[] outIndex, long len) {
    long end = len - len % BLOCK;
    for (int r = 0; r < rows; r += 4) {
      int base = r * k * BLOCK;
      switch (Math.min(4, rows - r)) {
        case 1 -> dot1(t, base, k, in, inIndex, out[outIndex[r]], end);
        case 2 -> dot2(t, base, k, in, inIndex, out[outIndex[r]], out[outIndex[r + 1]], end);
        case 3 -> dot3(t, base, k, in, inIndex, out[outIndex[r]], out[outIndex[r + 1]],
            out[outIndex[r + 2]], end);
        default -> dot4(t, base, k, in, inIndex, out[outIndex[r]], out[outIndex[r + 1]],
            out[outIndex[r + 2]], out[outIndex[r + 3]], end);
      }
    }
    return end;
  }

  /** acc ^ c*x, with x given as its low and high nibbles and c as its two nibble tables. */
  private static ByteVector mac(ByteVector acc, ByteVector lo, ByteVector hi, ByteVector tlo,
      ByteVector thi) {
    return acc.lanewise(XOR, lo.selectFrom(tlo)).lanewise(XOR, hi.selectFrom(thi));
  }

  private static ByteVector load(MemorySegment s, long offset) {
    return ByteVector.fromMemorySegment(SPECIES, s, offset, ORDER);
  }

  private static ByteVector table(byte[] t, int index) {
    return ByteVector.fromArray(SPECIES, t, index);
  }

  private static void dot1(byte[] t, int base, int k, MemorySegment[] in, int[] inIndex,
      MemorySegment o0, long end) {
    ByteVector zero = ByteVector.zero(SPECIES);
    for (long off = 0; off < end; off += BLOCK) {
      ByteVector a0 = zero;
      ByteVector b0 = zero;
      for (int j = 0, c = base; j < k; j++, c += BLOCK) {
        MemorySegment s = in[inIndex[j]];
        ByteVector x = load(s, off);
        ByteVector y = load(s, off + LANES);
        ByteVector xl = x.and((byte) 0x0f);
        ByteVector xh = x.lanewise(LSHR, 4);
        ByteVector yl = y.and((byte) 0x0f);
        ByteVector yh = y.lanewise(LSHR, 4);
        ByteVector lo = table(t, c);
        ByteVector hi = table(t, c + LANES);
        a0 = mac(a0, xl, xh, lo, hi);
        b0 = mac(b0, yl, yh, lo, hi);
      }
      a0.intoMemorySegment(o0, off, ORDER);
      b0.intoMemorySegment(o0, off + LANES, ORDER);
    }
  }

  private static void dot2(byte[] t, int base, int k, MemorySegment[] in, int[] inIndex,
      MemorySegment o0, MemorySegment o1, long end) {
    ByteVector zero = ByteVector.zero(SPECIES);
    int row = k * BLOCK;
    for (long off = 0; off < end; off += BLOCK) {
      ByteVector a0 = zero;
      ByteVector b0 = zero;
      ByteVector a1 = zero;
      ByteVector b1 = zero;
      for (int j = 0, c = base; j < k; j++, c += BLOCK) {
        MemorySegment s = in[inIndex[j]];
        ByteVector x = load(s, off);
        ByteVector y = load(s, off + LANES);
        ByteVector xl = x.and((byte) 0x0f);
        ByteVector xh = x.lanewise(LSHR, 4);
        ByteVector yl = y.and((byte) 0x0f);
        ByteVector yh = y.lanewise(LSHR, 4);
        ByteVector lo = table(t, c);
        ByteVector hi = table(t, c + LANES);
        a0 = mac(a0, xl, xh, lo, hi);
        b0 = mac(b0, yl, yh, lo, hi);
        lo = table(t, c + row);
        hi = table(t, c + row + LANES);
        a1 = mac(a1, xl, xh, lo, hi);
        b1 = mac(b1, yl, yh, lo, hi);
      }
      a0.intoMemorySegment(o0, off, ORDER);
      b0.intoMemorySegment(o0, off + LANES, ORDER);
      a1.intoMemorySegment(o1, off, ORDER);
      b1.intoMemorySegment(o1, off + LANES, ORDER);
    }
  }

  private static void dot3(byte[] t, int base, int k, MemorySegment[] in, int[] inIndex,
      MemorySegment o0, MemorySegment o1, MemorySegment o2, long end) {
    ByteVector zero = ByteVector.zero(SPECIES);
    int row = k * BLOCK;
    for (long off = 0; off < end; off += BLOCK) {
      ByteVector a0 = zero;
      ByteVector b0 = zero;
      ByteVector a1 = zero;
      ByteVector b1 = zero;
      ByteVector a2 = zero;
      ByteVector b2 = zero;
      for (int j = 0, c = base; j < k; j++, c += BLOCK) {
        MemorySegment s = in[inIndex[j]];
        ByteVector x = load(s, off);
        ByteVector y = load(s, off + LANES);
        ByteVector xl = x.and((byte) 0x0f);
        ByteVector xh = x.lanewise(LSHR, 4);
        ByteVector yl = y.and((byte) 0x0f);
        ByteVector yh = y.lanewise(LSHR, 4);
        ByteVector lo = table(t, c);
        ByteVector hi = table(t, c + LANES);
        a0 = mac(a0, xl, xh, lo, hi);
        b0 = mac(b0, yl, yh, lo, hi);
        lo = table(t, c + row);
        hi = table(t, c + row + LANES);
        a1 = mac(a1, xl, xh, lo, hi);
        b1 = mac(b1, yl, yh, lo, hi);
        lo = table(t, c + 2 * row);
        hi = table(t, c + 2 * row + LANES);
        a2 = mac(a2, xl, xh, lo, hi);
        b2 = mac(b2, yl, yh, lo, hi);
      }
      a0.intoMemorySegment(o0, off, ORDER);
      b0.intoMemorySegment(o0, off + LANES, ORDER);
      a1.intoMemorySegment(o1, off, ORDER);
      b1.intoMemorySegment(o1, off + LANES, ORDER);
      a2.intoMemorySegment(o2, off, ORDER);
      b2.intoMemorySegment(o2, off + LANES, ORDER);
    }
  }

  private static void dot4(byte[] t, int base, int k, MemorySegment[] in, int[] inIndex,
      MemorySegment o0, MemorySegment o1, MemorySegment o2, MemorySegment o3, long end) {
    ByteVector zero = ByteVector.zero(SPECIES);
    int row = k * BLOCK;
    for (long off = 0; off < end; off += BLOCK) {
      ByteVector a0 = zero;
      ByteVector b0 = zero;
      ByteVector a1 = zero;
      ByteVector b1 = zero;
      ByteVector a2 = zero;
      ByteVector b2 = zero;
      ByteVector a3 = zero;
      ByteVector b3 = zero;
      for (int j = 0, c = base; j < k; j++, c += BLOCK) {
        MemorySegment s = in[inIndex[j]];
        ByteVector x = load(s, off);
        ByteVector y = load(s, off + LANES);
        ByteVector xl = x.and((byte) 0x0f);
        ByteVector xh = x.lanewise(LSHR, 4);
        ByteVector yl = y.and((byte) 0x0f);
        ByteVector yh = y.lanewise(LSHR, 4);
        ByteVector lo = table(t, c);
        ByteVector hi = table(t, c + LANES);
        a0 = mac(a0, xl, xh, lo, hi);
        b0 = mac(b0, yl, yh, lo, hi);
        lo = table(t, c + row);
        hi = table(t, c + row + LANES);
        a1 = mac(a1, xl, xh, lo, hi);
        b1 = mac(b1, yl, yh, lo, hi);
        lo = table(t, c + 2 * row);
        hi = table(t, c + 2 * row + LANES);
        a2 = mac(a2, xl, xh, lo, hi);
        b2 = mac(b2, yl, yh, lo, hi);
        lo = table(t, c + 3 * row);
        hi = table(t, c + 3 * row + LANES);
        a3 = mac(a3, xl, xh, lo, hi);
        b3 = mac(b3, yl, yh, lo, hi);
      }
      a0.intoMemorySegment(o0, off, ORDER);
      b0.intoMemorySegment(o0, off + LANES, ORDER);
      a1.intoMemorySegment(o1, off, ORDER);
      b1.intoMemorySegment(o1, off + LANES, ORDER);
      a2.intoMemorySegment(o2, off, ORDER);
      b2.intoMemorySegment(o2, off + LANES, ORDER);
      a3.intoMemorySegment(o3, off, ORDER);
      b3.intoMemorySegment(o3, off + LANES, ORDER);
    }
  }
}
