package io.kdss.ec.impl;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * GF(2^8) matrix times shards with one 256-entry product table per coefficient: a lookup and
 * an XOR per byte and coefficient. The floor codec, and the tail (under one vector block) of
 * the vector codec.
 */
final class ScalarKernel {

  private ScalarKernel() {
  }

  /** For each coefficient of the row-major rows x k matrix, its 256 products c * x. */
  static byte[] tables(byte[] coefficients) {
    byte[] t = new byte[coefficients.length * 256];
    for (int i = 0; i < coefficients.length; i++) {
      for (int x = 0; x < 256; x++) {
        t[i * 256 + x] = (byte) GaloisField.mul(coefficients[i], x);
      }
    }
    return t;
  }

  /**
   * {@link CodingEngine#multiply} over bytes [from, to) of the shards at the given native
   * addresses (sources[0..k), outputs[0..rows)).
   */
  static void multiply(byte[] t, int k, int rows, long[] sources, long[] outputs, long from,
      long to) {
    for (int r = 0; r < rows; r++) {
      long o = outputs[r];
      int row = r * k * 256;
      for (long i = from; i < to; i++) {
        int acc = 0;
        for (int j = 0; j < k; j++) {
          acc ^= t[row + (j << 8) + (NativeMemory.ALL.get(JAVA_BYTE, sources[j] + i) & 0xff)];
        }
        NativeMemory.ALL.set(JAVA_BYTE, o + i, (byte) acc);
      }
    }
  }
}
