package io.kdss.ec.impl;

import io.kdss.ec.EcImplementation;

/**
 * The pure-Java arithmetic: {@link GaloisField} for the matrices (the same bytes ISA-L
 * computes), {@link VectorKernel} for the bulk of each shard when the Vector API is there,
 * {@link ScalarKernel} for the tail and as the floor.
 */
final class JavaEngine implements CodingEngine<JavaEngine.Tables> {

  /** Vector tables (null on the scalar engine) and scalar tables for one coefficient matrix. */
  record Tables(byte[] vector, byte[] scalar) {
  }

  static final JavaEngine SCALAR = new JavaEngine(false);

  private final boolean vector;

  private JavaEngine(boolean vector) {
    this.vector = vector;
  }

  /** The Vector API engine; call only when {@link #vectorAvailable()} is true. */
  static JavaEngine vector() {
    return new JavaEngine(true);
  }

  /**
   * Whether {@code jdk.incubator.vector} is in the boot layer (it needs
   * {@code --add-modules jdk.incubator.vector}) with vectors of at least 16 bytes, the size of
   * a nibble table.
   */
  static boolean vectorAvailable() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return false;
    }
    try {
      return VectorKernel.LANES >= 16;
    } catch (LinkageError e) {
      return false;
    }
  }

  /** Why the vector engine is unavailable, for the log line. */
  static String vectorUnavailableReason() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()
        ? "module jdk.incubator.vector is not loaded (run java with --add-modules jdk.incubator.vector)"
        : "the CPU has no vectors of 16 bytes or more";
  }

  @Override
  public EcImplementation implementation() {
    return vector ? EcImplementation.JAVA_VECTOR : EcImplementation.JAVA_SCALAR;
  }

  @Override
  public byte[] cauchyMatrix(int k, int m) {
    return GaloisField.cauchyMatrix(k, m);
  }

  @Override
  public byte[] invert(byte[] square, int n) {
    return GaloisField.invert(square, n);
  }

  @Override
  public Tables tables(byte[] coefficients, int rows, int k) {
    byte[] v = vector ? VectorKernel.tables(GaloisField.nibbleTables(coefficients)) : null;
    return new Tables(v, ScalarKernel.tables(coefficients));
  }

  @Override
  public void multiply(Tables tables, int k, int rows, long[] sources, long[] outputs, int len) {
    long done = 0;
    if (vector) {
      done = VectorKernel.multiply(tables.vector(), k, rows, sources, outputs, len);
    }
    if (done < len) {
      ScalarKernel.multiply(tables.scalar(), k, rows, sources, outputs, done, len);
    }
  }
}
