package io.kdss.ec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What is fixed when a class loads, in child JVMs: the vector codec at the widths of other
 * machines (SSE/NEON 128-bit, AVX2 256-bit), and the fallback when ISA-L does not load.
 */
class VectorWidthTest {

  @ParameterizedTest
  @ValueSource(ints = {128, 256})
  void narrowerVectorsWriteTheSameBytes(int bits) throws Exception {
    long seed = Seeds.of("narrowerVectors" + bits);
    ChildJvm.Outcome out = ChildJvm.run(VectorWidthCheck.class,
        List.of("kdss.ec.vectorBits=" + bits), String.valueOf(seed));
    assertThat(out.exitCode()).as("seed %d, %d-bit vectors: %s", seed, bits, out.output()).isZero();
    assertThat(out.output())
        .contains("erasure codec active implementation='java-vector' detail='" + bits + "-bit vectors'");
  }

  @Test
  void withoutIsalAutoFallsBackToJavaAndSaysWhy() throws Exception {
    ChildJvm.Outcome out = ChildJvm.run(FallbackCheck.class,
        List.of("kdss.ec.isal.library=libisal-missing.so.9"));
    assertThat(out.exitCode()).as(out.output()).isZero();
    assertThat(out.output())
        .contains("WARN")
        .contains("erasure codec active")
        .contains("implementation='java-vector'")
        .contains("ISA-L unavailable")
        .contains("libisal-missing.so.9")
        .contains("auto picked java-vector, round trip ok")
        .contains("isal refused: ISA-L is unavailable");
  }
}
