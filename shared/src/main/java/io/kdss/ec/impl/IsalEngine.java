package io.kdss.ec.impl;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.kdss.ec.EcImplementation;
import io.kdss.ec.ErasureCodec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;

/**
 * ISA-L through {@link IsalLibrary}: the matrix, its inverse and the tables come from ISA-L
 * itself, and each multiply is one {@code ec_encode_data} call on the shards' own memory.
 * The pointer arrays ISA-L takes are written into a per-thread native scratch block, so a
 * call allocates nothing; tables live in auto arenas, freed with the codec.
 */
final class IsalEngine implements CodingEngine<MemorySegment> {

  static final IsalEngine INSTANCE = new IsalEngine();

  private static final int MAX_SOURCES = ErasureCodec.MAX_DATA_SHARDS;
  private static final int MAX_OUTPUTS = ErasureCodec.MAX_PARITY_SHARDS;

  /** Per thread: MAX_SOURCES source pointers, then MAX_OUTPUTS output pointers. */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private record Scratch(MemorySegment sources, MemorySegment outputs) {
    Scratch() {
      this(Arena.ofAuto().allocate(JAVA_LONG, MAX_SOURCES), Arena.ofAuto().allocate(JAVA_LONG, MAX_OUTPUTS));
    }
  }

  private IsalEngine() {
  }

  @Override
  public EcImplementation implementation() {
    return EcImplementation.ISAL;
  }

  @Override
  public byte[] cauchyMatrix(int k, int m) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment a = arena.allocate((long) (k + m) * k);
      IsalLibrary.GF_GEN_CAUCHY1_MATRIX.invokeExact(a, k + m, k);
      return a.toArray(JAVA_BYTE);
    } catch (Throwable t) {
      throw failed("gf_gen_cauchy1_matrix", t);
    }
  }

  @Override
  public byte[] invert(byte[] square, int n) {
    int rc;
    byte[] inverse;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment in = arena.allocate(n * n);
      MemorySegment out = arena.allocate(n * n);
      in.copyFrom(MemorySegment.ofArray(square));
      rc = (int) IsalLibrary.GF_INVERT_MATRIX.invokeExact(in, out, n);
      inverse = out.toArray(JAVA_BYTE);
    } catch (Throwable t) {
      throw failed("gf_invert_matrix", t);
    }
    if (rc != 0) {
      throw new ArithmeticException("singular matrix");
    }
    return inverse;
  }

  @Override
  public MemorySegment tables(byte[] coefficients, int rows, int k) {
    MemorySegment tables = Arena.ofAuto().allocate(32L * rows * k, 64);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment a = arena.allocate(coefficients.length);
      a.copyFrom(MemorySegment.ofArray(coefficients));
      IsalLibrary.EC_INIT_TABLES.invokeExact(k, rows, a, tables);
    } catch (Throwable t) {
      throw failed("ec_init_tables", t);
    }
    return tables;
  }

  @Override
  public void multiply(MemorySegment tables, int k, int rows, long[] sources, long[] outputs,
      int len) {
    Scratch scratch = SCRATCH.get();
    MemorySegment data = scratch.sources();
    MemorySegment coding = scratch.outputs();
    for (int j = 0; j < k; j++) {
      data.setAtIndex(JAVA_LONG, j, sources[j]);
    }
    for (int r = 0; r < rows; r++) {
      coding.setAtIndex(JAVA_LONG, r, outputs[r]);
    }
    try {
      IsalLibrary.EC_ENCODE_DATA.invokeExact(len, k, rows, tables.address(), data.address(),
          coding.address());
    } catch (Throwable t) {
      throw failed("ec_encode_data", t);
    } finally {
      // Raw addresses do not keep their auto arenas alive: these references do, until ISA-L
      // has returned. The shards are the caller's, held by its arrays for the call.
      Reference.reachabilityFence(tables);
      Reference.reachabilityFence(scratch);
    }
  }

  private static IllegalStateException failed(String function, Throwable t) {
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("ISA-L " + function + " failed: " + t, t);
  }
}
