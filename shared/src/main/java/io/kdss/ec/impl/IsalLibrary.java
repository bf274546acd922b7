package io.kdss.ec.impl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * ISA-L's erasure-code functions as java.lang.foreign downcall handles, bound once when this
 * class loads. The handles are static finals so the JIT inlines the downcall stub into the
 * caller: a call costs a native transition, nothing more. {@link #available()} is false
 * (with {@link #failure()} saying why) when {@code libisal.so.2} or a symbol is missing.
 *
 * <p>The library name can be overridden with {@code -Dkdss.ec.isal.library=/path/libisal.so}.
 *
 * <p>No {@code Linker.Option.critical}: an encode runs for microseconds to milliseconds, and a
 * critical call cannot be paused at a safepoint, so every GC would wait for it; the transition
 * it saves is tens of nanoseconds (see the {@code ec} benchmark).
 */
@SuppressWarnings("restricted") // native access is a requirement of KDSS (scripts/lib.sh)
final class IsalLibrary {

  static final String DEFAULT_NAME = "libisal.so.2";
  static final String NAME = System.getProperty("kdss.ec.isal.library", DEFAULT_NAME);

  /**
   * void ec_encode_data(int len, int k, int rows, u8 *gftbls, u8 **data, u8 **coding), with
   * the three pointers passed as plain 64-bit addresses: an ADDRESS argument would acquire
   * and release its segment's arena on every call (atomic operations), while these blocks
   * are kept alive by the engine itself (see {@link IsalEngine#multiply}).
   */
  static final MethodHandle EC_ENCODE_DATA;
  /** void ec_init_tables(int k, int rows, u8 *a, u8 *gftbls). */
  static final MethodHandle EC_INIT_TABLES;
  /** void gf_gen_cauchy1_matrix(u8 *a, int m, int k). */
  static final MethodHandle GF_GEN_CAUCHY1_MATRIX;
  /** int gf_invert_matrix(u8 *in, u8 *out, int n). */
  static final MethodHandle GF_INVERT_MATRIX;
  private static final String FAILURE;

  static {
    MethodHandle encode = null;
    MethodHandle init = null;
    MethodHandle cauchy = null;
    MethodHandle invert = null;
    String failure = null;
    try {
      SymbolLookup lib = SymbolLookup.libraryLookup(NAME, Arena.global());
      Linker linker = Linker.nativeLinker();
      encode = linker.downcallHandle(symbol(lib, "ec_encode_data"),
          FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
      init = linker.downcallHandle(symbol(lib, "ec_init_tables"),
          FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
      cauchy = linker.downcallHandle(symbol(lib, "gf_gen_cauchy1_matrix"),
          FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, JAVA_INT));
      invert = linker.downcallHandle(symbol(lib, "gf_invert_matrix"),
          FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    } catch (RuntimeException | LinkageError e) {
      failure = e.getClass().getSimpleName() + ": " + e.getMessage();
      encode = init = cauchy = invert = null;
    }
    EC_ENCODE_DATA = encode;
    EC_INIT_TABLES = init;
    GF_GEN_CAUCHY1_MATRIX = cauchy;
    GF_INVERT_MATRIX = invert;
    FAILURE = failure;
  }

  private IsalLibrary() {
  }

  private static java.lang.foreign.MemorySegment symbol(SymbolLookup lib, String name) {
    return lib.find(name).orElseThrow(
        () -> new IllegalStateException(NAME + " has no symbol " + name + " (ISA-L too old?)"));
  }

  static boolean available() {
    return FAILURE == null;
  }

  /** Why ISA-L is unavailable, or null. */
  static String failure() {
    return FAILURE;
  }
}
