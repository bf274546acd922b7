package io.kdss.ec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.config.ConfigException;
import io.kdss.config.ConfigSection;
import io.kdss.config.YamlConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErasureCodecOptionsTest {

  private static ConfigSection ec(String yaml) {
    return ConfigSection.root(YamlConfig.parse(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml")).section("ec");
  }

  @Test
  void defaultsAndYaml() {
    ErasureCodecOptions defaults = new ErasureCodecOptions();
    assertThat(defaults.implementation()).isEqualTo("auto");
    assertThat(defaults.decodeCacheSize()).isEqualTo(ErasureCodecOptions.DEFAULT_DECODE_CACHE_SIZE);

    ErasureCodecOptions o = new ErasureCodecOptions(ec("ec:\n  implementation: java-vector\n  decodeCacheSize: 64\n"));
    assertThat(o.implementation()).isEqualTo("java-vector");
    assertThat(o.decodeCacheSize()).isEqualTo(64);
    assertThat(ErasureCodec.create(4, 2, o).implementation()).isEqualTo(EcImplementation.JAVA_VECTOR);
    assertThat(new ErasureCodecOptions(o).implementation()).isEqualTo("java-vector");
  }

  @Test
  void badYamlNamesTheKey() {
    assertThatThrownBy(() -> new ErasureCodecOptions(ec("ec:\n  implementation: jerasure\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ec.implementation")
        .hasMessageContaining("'jerasure' is not one of [auto, isal, java-vector, java-scalar]");
    assertThatThrownBy(() -> new ErasureCodecOptions(ec("ec:\n  implementaton: isal\n")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ec.implementaton");
    assertThatThrownBy(() -> new ErasureCodecOptions(ec("ec:\n  decodeCacheSize: 0\n")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ec.decodeCacheSize");
  }

  @Test
  void smallPlanCacheStillDecodesEveryPattern() {
    // A cache of one plan is cleared on every new pattern: decoding must not depend on it.
    ErasureCodec codec = ErasureCodec.create(4, 2, new ErasureCodecOptions().setDecodeCacheSize(1));
    try (var arena = java.lang.foreign.Arena.ofConfined()) {
      TestStripe stripe = new TestStripe(arena, 4, 2, 777, new java.util.Random(Seeds.of("cache")));
      stripe.encode(codec);
      byte[][] expected = stripe.snapshot();
      for (int[] erased : ErasureCodecTest.subsetsUpTo(6, 2)) {
        stripe.destroy(erased, new java.util.Random(1));
        codec.decode(stripe.shards, erased, stripe.len);
        assertThat(stripe.snapshot()).as("erased %s", java.util.Arrays.toString(erased)).isDeepEqualTo(expected);
      }
    }
  }
}
