package io.kdss.ec.impl;

/**
 * How to rebuild one pattern of lost shards: which k shards to read ({@code sources}), which
 * to write ({@code targets}), and the tables of the targets.length x k decode matrix.
 * Built once per pattern by {@link StripeCodec} and cached.
 */
record DecodePlan<T>(long sourceMask, long targetMask, int[] sources, int[] targets, T tables) {

  /**
   * The decode matrix: for a lost data shard d, row d of the inverse of the sources' encode
   * rows (data = inverse x sources); for a lost parity shard p, its encode row times that
   * inverse (parity = row x data).
   */
  static byte[] decodeMatrix(byte[] encodeMatrix, byte[] inverse, int k, int[] targets) {
    byte[] rows = new byte[targets.length * k];
    for (int t = 0; t < targets.length; t++) {
      int target = targets[t];
      if (target < k) {
        System.arraycopy(inverse, target * k, rows, t * k, k);
        continue;
      }
      for (int i = 0; i < k; i++) {
        int s = 0;
        for (int j = 0; j < k; j++) {
          s ^= GaloisField.mul(inverse[j * k + i], encodeMatrix[target * k + j]);
        }
        rows[t * k + i] = (byte) s;
      }
    }
    return rows;
  }

  /** The k x k matrix of the sources' encode rows. */
  static byte[] sourceMatrix(byte[] encodeMatrix, int k, int[] sources) {
    byte[] square = new byte[k * k];
    for (int i = 0; i < k; i++) {
      System.arraycopy(encodeMatrix, sources[i] * k, square, i * k, k);
    }
    return square;
  }

  boolean matches(long sources, long targets) {
    return sourceMask == sources && targetMask == targets;
  }
}
