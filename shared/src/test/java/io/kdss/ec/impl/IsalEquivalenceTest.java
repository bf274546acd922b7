package io.kdss.ec.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.ec.ErasureCodec;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The pure-Java arithmetic against ISA-L itself, called through the same downcalls the ISA-L
 * codec uses: the Cauchy matrix, matrix inverses and multiplication tables are byte-equal.
 */
class IsalEquivalenceTest {

  private static final long SEED = Long.getLong("kdss.test.seed", 0x15a1L);

  @Test
  void isalIsLoaded() {
    assertThat(IsalLibrary.failure()).isNull();
    assertThat(IsalLibrary.available()).isTrue();
  }

  @Test
  void cauchyMatricesAreIsalsForEverySupportedScheme() {
    for (int k = 1; k <= ErasureCodec.MAX_DATA_SHARDS; k++) {
      for (int m = 1; m <= ErasureCodec.MAX_PARITY_SHARDS; m++) {
        assertThat(GaloisField.cauchyMatrix(k, m)).as("%d+%d", k, m)
            .isEqualTo(IsalEngine.INSTANCE.cauchyMatrix(k, m));
      }
    }
  }

  @Test
  void tablesAreIsals() {
    Random random = new Random(SEED);
    for (int rows = 1; rows <= 8; rows++) {
      int k = 1 + random.nextInt(32);
      byte[] coefficients = new byte[rows * k];
      random.nextBytes(coefficients);
      byte[] isal = IsalEngine.INSTANCE.tables(coefficients, rows, k)
          .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
      assertThat(GaloisField.nibbleTables(coefficients)).as("seed %d rows %d k %d", SEED, rows, k)
          .isEqualTo(isal);
    }
  }

  @Test
  void everySourceChoiceInvertsAsIsalDoes() {
    Random random = new Random(SEED);
    for (int[] scheme : new int[][] {{4, 2}, {8, 3}, {10, 4}, {12, 4}, {32, 8}}) {
      int k = scheme[0];
      int m = scheme[1];
      byte[] matrix = GaloisField.cauchyMatrix(k, m);
      for (int round = 0; round < 40; round++) {
        int[] sources = random.ints(0, k + m).distinct().limit(k).sorted().toArray();
        byte[] square = DecodePlan.sourceMatrix(matrix, k, sources);
        byte[] inverse = GaloisField.invert(square, k);
        assertThat(inverse).as("seed %d %d+%d sources %s", SEED, k, m, java.util.Arrays.toString(sources))
            .isEqualTo(IsalEngine.INSTANCE.invert(square, k));
        assertThat(multiply(square, inverse, k)).isEqualTo(identity(k));
      }
    }
  }

  @Test
  void singularMatricesAreRefusedByBoth() {
    byte[] singular = {1, 2, 2, 4};
    assertThatThrownBy(() -> GaloisField.invert(singular, 2)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> IsalEngine.INSTANCE.invert(singular, 2)).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void fieldArithmeticMatchesTheDefinition() {
    for (int a = 0; a < 256; a++) {
      for (int b = 0; b < 256; b++) {
        assertThat(GaloisField.mul(a, b)).isEqualTo(slowMul(a, b));
      }
      if (a != 0) {
        assertThat(GaloisField.mul(a, GaloisField.inv(a))).isEqualTo(1);
      }
    }
  }

  /** Carry-less multiply reduced by 0x11d, bit by bit. */
  private static int slowMul(int a, int b) {
    int p = 0;
    for (int i = 0; i < 8; i++) {
      if ((b & (1 << i)) != 0) {
        p ^= a << i;
      }
    }
    for (int bit = 15; bit >= 8; bit--) {
      if ((p & (1 << bit)) != 0) {
        p ^= GaloisField.POLYNOMIAL << (bit - 8);
      }
    }
    return p;
  }

  private static byte[] multiply(byte[] a, byte[] b, int n) {
    byte[] c = new byte[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        int s = 0;
        for (int x = 0; x < n; x++) {
          s ^= GaloisField.mul(a[i * n + x], b[x * n + j]);
        }
        c[i * n + j] = (byte) s;
      }
    }
    return c;
  }

  private static byte[] identity(int n) {
    byte[] c = new byte[n * n];
    for (int i = 0; i < n; i++) {
      c[i * n + i] = 1;
    }
    return c;
  }
}
