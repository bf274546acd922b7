package io.kdss.ec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector codec at the widths of other machines (SSE/NEON 128-bit, AVX2 256-bit) on this
 * one, each in a child JVM since the width is fixed when the kernel class loads.
 */
class VectorWidthTest {

  @ParameterizedTest
  @ValueSource(ints = {128, 256})
  void narrowerVectorsWriteTheSameBytes(int bits) throws IOException, InterruptedException {
    long seed = Seeds.of("narrowerVectors" + bits);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
        "--add-modules", "jdk.incubator.vector", "-Dkdss.ec.vectorBits=" + bits,
        "-cp", System.getProperty("java.class.path"), VectorWidthCheck.class.getName(),
        String.valueOf(seed)))
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("seed %d, %d-bit vectors: %s", seed, bits, out).isZero();
    assertThat(out).contains("erasure codec active implementation='java-vector' detail='" + bits + "-bit vectors'");
  }
}
