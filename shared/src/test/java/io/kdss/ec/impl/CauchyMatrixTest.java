package io.kdss.ec.impl;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.kdss.ec.ErasureCodec;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Any k of the k + m shards must decode: every k x k submatrix of the encode matrix has to be
 * invertible. Exhaustive where the number of choices is small, sampled where it is not.
 */
class CauchyMatrixTest {

  private static final long SEED = Long.getLong("kdss.test.seed", 0xca0c1L);
  private static final int EXHAUSTIVE_LIMIT = 2_000;

  @Test
  void everyChoiceOfKSurvivorsIsInvertible() {
    Random random = new Random(SEED);
    for (int k = 1; k <= ErasureCodec.MAX_DATA_SHARDS; k++) {
      for (int m = 1; m <= ErasureCodec.MAX_PARITY_SHARDS; m++) {
        byte[] matrix = GaloisField.cauchyMatrix(k, m);
        int n = k + m;
        if (choose(n, k) <= EXHAUSTIVE_LIMIT) {
          // Gosper's hack: every n-bit mask with k bits set, in increasing order.
          for (long mask = (1L << k) - 1; mask < 1L << n; ) {
            check(matrix, k, m, indexes(mask, k));
            long low = mask & -mask;
            long ripple = mask + low;
            mask = ripple | (((mask ^ ripple) >>> 2) / low);
          }
        } else {
          for (int round = 0; round < 50; round++) {
            check(matrix, k, m, random.ints(0, n).distinct().limit(k).sorted().toArray());
          }
        }
      }
    }
  }

  private static void check(byte[] matrix, int k, int m, int[] sources) {
    assertThatCode(() -> GaloisField.invert(DecodePlan.sourceMatrix(matrix, k, sources), k))
        .as("seed %d, %d+%d sources %s", SEED, k, m, Arrays.toString(sources))
        .doesNotThrowAnyException();
  }

  private static int[] indexes(long mask, int count) {
    int[] a = new int[count];
    for (int i = 0, j = 0; j < count; i++) {
      if ((mask & (1L << i)) != 0) {
        a[j++] = i;
      }
    }
    return a;
  }

  private static long choose(int n, int r) {
    long c = 1;
    for (int i = 1; i <= r; i++) {
      c = c * (n - r + i) / i;
    }
    return c;
  }
}
