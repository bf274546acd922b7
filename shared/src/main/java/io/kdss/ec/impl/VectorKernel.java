package io.kdss.ec.impl;

import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.XOR;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * GF(2^8) matrix times shards with the JDK Vector API, the way ISA-L does it: split each byte
 * into its nibbles, look each up in a 16-entry product table with one lane shuffle
 * ({@code selectFrom}, a single {@code vpermb} on AVX-512), XOR the halves into the output.
 * Each pass reads two vectors of every source once and feeds up to four outputs (eight
 * independent accumulators, so the XOR chains overlap), and the sources are read from memory
 * ceil(rows / 4) times. Shards are reached by address through {@link NativeMemory#ALL}.
 *
 * <p>Loaded only when the {@code jdk.incubator.vector} module is present. The kernels are
 * kept in separate methods (each compiled on its own): inlined into large callers the
 * vector objects may not be scalarised and the speed drops twentyfold.
 */
final class VectorKernel {

  /**
   * The CPU's widest vectors, or narrower ones with {@code -Dkdss.ec.vectorBits=128|256} (to
   * test the code paths of machines without AVX-512 on one that has it).
   */
  static final VectorSpecies<Byte> SPECIES = species(Integer.getInteger("kdss.ec.vectorBits", 0));
  static final int LANES = SPECIES.length();
  private static final ByteOrder ORDER = ByteOrder.nativeOrder();
  private static final int BLOCK = 2 * LANES;
  private static final MemorySegment ALL = NativeMemory.ALL;

  private VectorKernel() {
  }

  private static VectorSpecies<Byte> species(int bits) {
    if (bits <= 0 || bits > ByteVector.SPECIES_PREFERRED.vectorBitSize()) {
      return ByteVector.SPECIES_PREFERRED;
    }
    return VectorSpecies.of(byte.class, VectorShape.forBitSize(bits));
  }

  /**
   * For each coefficient of the row-major rows x k matrix, a low-nibble and a high-nibble
   * product table, each LANES bytes: the 16 products repeated. {@code selectFrom} takes each
   * index modulo LANES (its specified {@code wrapIndex}), and LANES is a multiple of 16, so
   * entry {@code i} of the repeated table is product {@code i & 15}: a byte can index it
   * directly, with no mask to clear its high nibble or stray bits.
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
   * of blocks (2 x LANES bytes), on the shards at the given native addresses (sources[0..k),
   * outputs[0..rows)); returns the prefix length. The caller does the rest.
   */
  static long multiply(byte[] t, int k, int rows, long[] sources, long[] outputs, long len) {
    long end = len - len % BLOCK;
    for (int r = 0; r < rows; r += 4) {
      int base = r * k * BLOCK;
      switch (Math.min(4, rows - r)) {
        case 1 -> dot1(t, base, k, sources, outputs[r], end);
        case 2 -> dot2(t, base, k, sources, outputs[r], outputs[r + 1], end);
        case 3 -> dot3(t, base, k, sources, outputs[r], outputs[r + 1], outputs[r + 2], end);
        default -> dot4(t, base, k, sources, outputs[r], outputs[r + 1], outputs[r + 2],
            outputs[r + 3], end);
      }
    }
    return end;
  }

  /*
   * The kernels call the Vector API directly, with no helper methods of ours: its methods are
   * force-inlined, ours are not, and in a kernel as large as dot4 C2 stops inlining ordinary
   * calls (NodeCountInliningCutoff); a vector passed to a call that was not inlined is boxed,
   * an allocation per block. The high nibble is a 64-bit lane shift: one instruction where a
   * byte-lane shift is several; the bits it drags in from the next byte land in bits 4..7,
   * which the table lookup ignores (see tables). Low nibbles need no mask for the same reason.
   */

  private static void dot1(byte[] t, int base, int k, long[] sources, long o0, long end) {
    ByteVector zero = ByteVector.zero(SPECIES);
    for (long off = 0; off < end; off += BLOCK) {
      ByteVector a0 = zero;
      ByteVector b0 = zero;
      for (int j = 0, c = base; j < k; j++, c += BLOCK) {
        long s = sources[j] + off;
        ByteVector xl = ByteVector.fromMemorySegment(SPECIES, ALL, s, ORDER);
        ByteVector yl = ByteVector.fromMemorySegment(SPECIES, ALL, s + LANES, ORDER);
        ByteVector xh = xl.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes();
        ByteVector yh = yl.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes();
        ByteVector lo0 = ByteVector.fromArray(SPECIES, t, c);
        ByteVector hi0 = ByteVector.fromArray(SPECIES, t, c + LANES);
        a0 = a0.lanewise(XOR, xl.selectFrom(lo0)).lanewise(XOR, xh.selectFrom(hi0));
        b0 = b0.lanewise(XOR, yl.selectFrom(lo0)).lanewise(XOR, yh.selectFrom(hi0));
      }
      a0.intoMemorySegment(ALL, o0 + off, ORDER);
      b0.intoMemorySegment(ALL, o0 + off + LANES, ORDER);
    }
  }

  private static void dot2(byte[] t, int base, int k, long[] sources, long o0, long o1, long end) {
    ByteVector zero = ByteVector.zero(SPECIES);
    int row = k * BLOCK;
    for (long off = 0; off < end; off += BLOCK) {
      ByteVector a0 = zero;
      ByteVector b0 = zero;
      ByteVector a1 = zero;
      ByteVector b1 = zero;
      for (int j = 0, c = base; j < k; j++, c += BLOCK) {
        long s = sources[j] + off;
        ByteVector xl = ByteVector.fromMemorySegment(SPECIES, ALL, s, ORDER);
        ByteVector yl = ByteVector.fromMemorySegment(SPECIES, ALL, s + LANES, ORDER);
        ByteVector xh = xl.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes();
        ByteVector yh = yl.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes();
        ByteVector lo0 = ByteVector.fromArray(SPECIES, t, c);
        ByteVector hi0 = ByteVector.fromArray(SPECIES, t, c + LANES);
        a0 = a0.lanewise(XOR, xl.selectFrom(lo0)).lanewise(XOR, xh.selectFrom(hi0));
        b0 = b0.lanewise(XOR, yl.selectFrom(lo0)).lanewise(XOR, yh.selectFrom(hi0));
        ByteVector lo1 = ByteVector.fromArray(SPECIES, t, c + row);
        ByteVector hi1 = ByteVector.fromArray(SPECIES, t, c + row + LANES);
        a1 = a1.lanewise(XOR, xl.selectFrom(lo1)).lanewise(XOR, xh.selectFrom(hi1));
        b1 = b1.lanewise(XOR, yl.selectFrom(lo1)).lanewise(XOR, yh.selectFrom(hi1));
      }
      a0.intoMemorySegment(ALL, o0 + off, ORDER);
      b0.intoMemorySegment(ALL, o0 + off + LANES, ORDER);
      a1.intoMemorySegment(ALL, o1 + off, ORDER);
      b1.intoMemorySegment(ALL, o1 + off + LANES, ORDER);
    }
  }

  private static void dot3(byte[] t, int base, int k, long[] sources, long o0, long o1, long o2,
      long end) {
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
        long s = sources[j] + off;
        ByteVector xl = ByteVector.fromMemorySegment(SPECIES, ALL, s, ORDER);
        ByteVector yl = ByteVector.fromMemorySegment(SPECIES, ALL, s + LANES, ORDER);
        ByteVector xh = xl.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes();
        ByteVector yh = yl.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes();
        ByteVector lo0 = ByteVector.fromArray(SPECIES, t, c);
        ByteVector hi0 = ByteVector.fromArray(SPECIES, t, c + LANES);
        a0 = a0.lanewise(XOR, xl.selectFrom(lo0)).lanewise(XOR, xh.selectFrom(hi0));
        b0 = b0.lanewise(XOR, yl.selectFrom(lo0)).lanewise(XOR, yh.selectFrom(hi0));
        ByteVector lo1 = ByteVector.fromArray(SPECIES, t, c + row);
        ByteVector hi1 = ByteVector.fromArray(SPECIES, t, c + row + LANES);
        a1 = a1.lanewise(XOR, xl.selectFrom(lo1)).lanewise(XOR, xh.selectFrom(hi1));
        b1 = b1.lanewise(XOR, yl.selectFrom(lo1)).lanewise(XOR, yh.selectFrom(hi1));
        ByteVector lo2 = ByteVector.fromArray(SPECIES, t, c + 2 * row);
        ByteVector hi2 = ByteVector.fromArray(SPECIES, t, c + 2 * row + LANES);
        a2 = a2.lanewise(XOR, xl.selectFrom(lo2)).lanewise(XOR, xh.selectFrom(hi2));
        b2 = b2.lanewise(XOR, yl.selectFrom(lo2)).lanewise(XOR, yh.selectFrom(hi2));
      }
      a0.intoMemorySegment(ALL, o0 + off, ORDER);
      b0.intoMemorySegment(ALL, o0 + off + LANES, ORDER);
      a1.intoMemorySegment(ALL, o1 + off, ORDER);
      b1.intoMemorySegment(ALL, o1 + off + LANES, ORDER);
      a2.intoMemorySegment(ALL, o2 + off, ORDER);
      b2.intoMemorySegment(ALL, o2 + off + LANES, ORDER);
    }
  }

  private static void dot4(byte[] t, int base, int k, long[] sources, long o0, long o1, long o2,
      long o3, long end) {
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
        long s = sources[j] + off;
        ByteVector xl = ByteVector.fromMemorySegment(SPECIES, ALL, s, ORDER);
        ByteVector yl = ByteVector.fromMemorySegment(SPECIES, ALL, s + LANES, ORDER);
        ByteVector xh = xl.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes();
        ByteVector yh = yl.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes();
        ByteVector lo0 = ByteVector.fromArray(SPECIES, t, c);
        ByteVector hi0 = ByteVector.fromArray(SPECIES, t, c + LANES);
        a0 = a0.lanewise(XOR, xl.selectFrom(lo0)).lanewise(XOR, xh.selectFrom(hi0));
        b0 = b0.lanewise(XOR, yl.selectFrom(lo0)).lanewise(XOR, yh.selectFrom(hi0));
        ByteVector lo1 = ByteVector.fromArray(SPECIES, t, c + row);
        ByteVector hi1 = ByteVector.fromArray(SPECIES, t, c + row + LANES);
        a1 = a1.lanewise(XOR, xl.selectFrom(lo1)).lanewise(XOR, xh.selectFrom(hi1));
        b1 = b1.lanewise(XOR, yl.selectFrom(lo1)).lanewise(XOR, yh.selectFrom(hi1));
        ByteVector lo2 = ByteVector.fromArray(SPECIES, t, c + 2 * row);
        ByteVector hi2 = ByteVector.fromArray(SPECIES, t, c + 2 * row + LANES);
        a2 = a2.lanewise(XOR, xl.selectFrom(lo2)).lanewise(XOR, xh.selectFrom(hi2));
        b2 = b2.lanewise(XOR, yl.selectFrom(lo2)).lanewise(XOR, yh.selectFrom(hi2));
        ByteVector lo3 = ByteVector.fromArray(SPECIES, t, c + 3 * row);
        ByteVector hi3 = ByteVector.fromArray(SPECIES, t, c + 3 * row + LANES);
        a3 = a3.lanewise(XOR, xl.selectFrom(lo3)).lanewise(XOR, xh.selectFrom(hi3));
        b3 = b3.lanewise(XOR, yl.selectFrom(lo3)).lanewise(XOR, yh.selectFrom(hi3));
      }
      a0.intoMemorySegment(ALL, o0 + off, ORDER);
      b0.intoMemorySegment(ALL, o0 + off + LANES, ORDER);
      a1.intoMemorySegment(ALL, o1 + off, ORDER);
      b1.intoMemorySegment(ALL, o1 + off + LANES, ORDER);
      a2.intoMemorySegment(ALL, o2 + off, ORDER);
      b2.intoMemorySegment(ALL, o2 + off + LANES, ORDER);
      a3.intoMemorySegment(ALL, o3 + off, ORDER);
      b3.intoMemorySegment(ALL, o3 + off + LANES, ORDER);
    }
  }
}
