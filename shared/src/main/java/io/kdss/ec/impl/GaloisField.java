package io.kdss.ec.impl;

/**
 * Arithmetic in GF(2^8) exactly as ISA-L does it (polynomial x^8+x^4+x^3+x^2+1, 0x11d,
 * generator 2), and the matrices built from it. Everything here reproduces ISA-L's
 * {@code gf_mul}, {@code gf_inv}, {@code gf_gen_cauchy1_matrix}, {@code gf_invert_matrix} and
 * {@code gf_vect_mul_init} byte for byte, so the pure-Java codec writes the same parity as
 * ISA-L and either can decode what the other encoded.
 */
public final class GaloisField {

  /** The reducing polynomial without its x^8 term, as ISA-L's {@code gf_mul_erase} uses it. */
  public static final int POLYNOMIAL = 0x11d;

  private static final byte[] EXP = new byte[510];
  private static final int[] LOG = new int[256];

  static {
    int x = 1;
    for (int i = 0; i < 255; i++) {
      EXP[i] = (byte) x;
      EXP[i + 255] = (byte) x;
      LOG[x] = i;
      x <<= 1;
      if ((x & 0x100) != 0) {
        x ^= POLYNOMIAL;
      }
    }
  }

  private GaloisField() {
  }

  public static int mul(int a, int b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    return EXP[LOG[a & 0xff] + LOG[b & 0xff]] & 0xff;
  }

  /** The multiplicative inverse; 0 for 0, as in ISA-L. */
  public static int inv(int a) {
    if ((a & 0xff) == 0) {
      return 0;
    }
    return EXP[255 - LOG[a & 0xff]] & 0xff;
  }

  /**
   * ISA-L's {@code gf_gen_cauchy1_matrix(a, k + m, k)}: the (k+m) x k encode matrix, row-major,
   * identity on top and {@code 1 / (i ^ j)} below (row i in [k, k+m), column j in [0, k)).
   * Every k x k submatrix of it is invertible, so any k shards rebuild the rest.
   */
  public static byte[] cauchyMatrix(int k, int m) {
    int n = k + m;
    byte[] a = new byte[n * k];
    for (int i = 0; i < k; i++) {
      a[k * i + i] = 1;
    }
    int p = k * k;
    for (int i = k; i < n; i++) {
      for (int j = 0; j < k; j++) {
        a[p++] = (byte) inv(i ^ j);
      }
    }
    return a;
  }

  /**
   * The inverse of the n x n row-major matrix {@code in} (left untouched) by Gauss-Jordan
   * elimination, ISA-L's {@code gf_invert_matrix}.
   *
   * @throws ArithmeticException if the matrix is singular
   */
  public static byte[] invert(byte[] in, int n) {
    byte[] a = in.clone();
    byte[] out = new byte[n * n];
    for (int i = 0; i < n; i++) {
      out[i * n + i] = 1;
    }
    for (int i = 0; i < n; i++) {
      if (a[i * n + i] == 0) {
        int j = i + 1;
        while (j < n && a[j * n + i] == 0) {
          j++;
        }
        if (j == n) {
          throw new ArithmeticException("singular matrix");
        }
        swapRows(a, n, i, j);
        swapRows(out, n, i, j);
      }
      int pivotInverse = inv(a[i * n + i]);
      for (int c = 0; c < n; c++) {
        a[i * n + c] = (byte) mul(a[i * n + c], pivotInverse);
        out[i * n + c] = (byte) mul(out[i * n + c], pivotInverse);
      }
      for (int r = 0; r < n; r++) {
        int factor = a[r * n + i] & 0xff;
        if (r == i || factor == 0) {
          continue;
        }
        for (int c = 0; c < n; c++) {
          out[r * n + c] ^= (byte) mul(factor, out[i * n + c]);
          a[r * n + c] ^= (byte) mul(factor, a[i * n + c]);
        }
      }
    }
    return out;
  }

  private static void swapRows(byte[] a, int n, int i, int j) {
    for (int c = 0; c < n; c++) {
      byte t = a[i * n + c];
      a[i * n + c] = a[j * n + c];
      a[j * n + c] = t;
    }
  }

  /**
   * ISA-L's {@code ec_init_tables(k, rows, coefficients, tables)}: for each coefficient c of
   * the row-major rows x k matrix, 32 bytes: c * {0..15} (low nibble) then c * {0x00, 0x10,
   * .., 0xf0} (high nibble). c * x is then {@code lo[x & 15] ^ hi[x >>> 4]}.
   */
  public static byte[] nibbleTables(byte[] coefficients) {
    byte[] t = new byte[coefficients.length * 32];
    for (int i = 0; i < coefficients.length; i++) {
      int c = coefficients[i] & 0xff;
      for (int x = 0; x < 16; x++) {
        t[i * 32 + x] = (byte) mul(c, x);
        t[i * 32 + 16 + x] = (byte) mul(c, x << 4);
      }
    }
    return t;
  }
}
