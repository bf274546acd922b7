package io.kdss.ec;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Round trips on every implementation: random data and random losses for the schemes KDSS
 * uses, every loss pattern for small schemes, and each codec decoding what another encoded.
 */
class ErasureCodecTest {

  static final int[][] SCHEMES = {{4, 2}, {6, 3}, {8, 3}, {10, 4}, {12, 4}};
  /** Lengths around the vector block sizes (64, 128 bytes) so every tail path runs. */
  static final int[] LENGTHS = {1, 63, 64, 127, 128, 129, 1000, 4096, 65536 + 77};

  static Stream<EcImplementation> implementations() {
    return Stream.of(EcImplementation.values());
  }

  static ErasureCodec codec(int k, int m, EcImplementation impl) {
    return ErasureCodec.create(k, m, new ErasureCodecOptions().setImplementation(impl));
  }

  @Test
  void autoPicksIsalHere() {
    // libisal2 is installed on every KDSS machine and CI (scripts/install-deps): the native
    // path must be the one that runs, not silently the fallback.
    ErasureCodec codec = ErasureCodec.create(8, 3);
    assertThat(codec.implementation()).isEqualTo(EcImplementation.ISAL);
    assertThat(codec.dataShards()).isEqualTo(8);
    assertThat(codec.parityShards()).isEqualTo(3);
    assertThat(codec.totalShards()).isEqualTo(11);
    assertThat(ErasureCodec.create(8, 3)).as("one shared codec per shape").isSameAs(codec);
  }

  @Test
  void vectorCodecIsAvailableUnderTheTestFlags() {
    assertThat(codec(4, 2, EcImplementation.JAVA_VECTOR).implementation())
        .isEqualTo(EcImplementation.JAVA_VECTOR);
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void randomDataAndRandomLosses(EcImplementation impl) {
    long seed = Seeds.of("randomDataAndRandomLosses" + impl);
    Random random = new Random(seed);
    for (int[] scheme : SCHEMES) {
      int k = scheme[0];
      int m = scheme[1];
      ErasureCodec codec = codec(k, m, impl);
      for (int len : LENGTHS) {
        try (Arena arena = Arena.ofConfined()) {
          TestStripe stripe = new TestStripe(arena, k, m, len, random);
          stripe.encode(codec);
          byte[][] expected = stripe.snapshot();
          for (int round = 0; round < 4; round++) {
            int[] erased = randomLoss(k + m, 1 + random.nextInt(m), random);
            stripe.destroy(erased, random);
            codec.decode(stripe.shards, erased, len);
            assertThat(stripe.snapshot())
                .as("seed %d, %s %d+%d len %d erased %s", seed, impl.id(), k, m, len, Arrays.toString(erased))
                .isDeepEqualTo(expected);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void everyLossPatternOfSmallSchemes(EcImplementation impl) {
    long seed = Seeds.of("everyLossPatternOfSmallSchemes" + impl);
    Random random = new Random(seed);
    for (int[] scheme : new int[][] {{2, 1}, {3, 2}, {4, 2}, {6, 3}, {5, 4}}) {
      int k = scheme[0];
      int m = scheme[1];
      ErasureCodec codec = codec(k, m, impl);
      try (Arena arena = Arena.ofConfined()) {
        TestStripe stripe = new TestStripe(arena, k, m, 300, random);
        stripe.encode(codec);
        byte[][] expected = stripe.snapshot();
        for (int[] erased : subsetsUpTo(k + m, m)) {
          stripe.destroy(erased, random);
          codec.decode(stripe.shards, erased, stripe.len);
          assertThat(stripe.snapshot())
              .as("seed %d, %s %d+%d erased %s", seed, impl.id(), k, m, Arrays.toString(erased))
              .isDeepEqualTo(expected);
        }
      }
    }
  }

  @Test
  void everyImplementationWritesTheSameParity() {
    long seed = Seeds.of("everyImplementationWritesTheSameParity");
    Random random = new Random(seed);
    for (int k : new int[] {1, 2, 5, 8, 10, 17, 32}) {
      for (int m = 1; m <= ErasureCodec.MAX_PARITY_SHARDS; m++) {
        try (Arena arena = Arena.ofConfined()) {
          int len = 1 + random.nextInt(3000);
          TestStripe stripe = new TestStripe(arena, k, m, len, random);
          stripe.encode(codec(k, m, EcImplementation.ISAL));
          byte[][] isal = stripe.snapshot();
          for (EcImplementation impl : List.of(EcImplementation.JAVA_VECTOR, EcImplementation.JAVA_SCALAR)) {
            stripe.destroy(indexes(k, k + m), random);
            stripe.encode(codec(k, m, impl));
            assertThat(stripe.snapshot()).as("seed %d, %s %d+%d len %d", seed, impl.id(), k, m, len)
                .isDeepEqualTo(isal);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void decodesWhatAnotherImplementationEncoded(EcImplementation decoder) {
    long seed = Seeds.of("decodesWhatAnotherImplementationEncoded" + decoder);
    Random random = new Random(seed);
    for (EcImplementation encoder : EcImplementation.values()) {
      for (int[] scheme : SCHEMES) {
        int k = scheme[0];
        int m = scheme[1];
        try (Arena arena = Arena.ofConfined()) {
          TestStripe stripe = new TestStripe(arena, k, m, 4096 + 33, random);
          stripe.encode(codec(k, m, encoder));
          byte[][] expected = stripe.snapshot();
          int[] erased = randomLoss(k + m, m, random);
          stripe.destroy(erased, random);
          codec(k, m, decoder).decode(stripe.shards, erased, stripe.len);
          assertThat(stripe.snapshot())
              .as("seed %d, encoded by %s, decoded by %s, %d+%d erased %s", seed, encoder.id(),
                  decoder.id(), k, m, Arrays.toString(erased))
              .isDeepEqualTo(expected);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void largestSchemeSurvivesEightLosses(EcImplementation impl) {
    long seed = Seeds.of("largestSchemeSurvivesEightLosses" + impl);
    Random random = new Random(seed);
    ErasureCodec codec = codec(32, 8, impl);
    try (Arena arena = Arena.ofConfined()) {
      TestStripe stripe = new TestStripe(arena, 32, 8, 1024 + 5, random);
      stripe.encode(codec);
      byte[][] expected = stripe.snapshot();
      for (int round = 0; round < 5; round++) {
        int[] erased = randomLoss(40, 8, random);
        stripe.destroy(erased, random);
        codec.decode(stripe.shards, erased, stripe.len);
        assertThat(stripe.snapshot()).as("seed %d, %s erased %s", seed, impl.id(), Arrays.toString(erased))
            .isDeepEqualTo(expected);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void unavailableShardsAreNullAndNeverTouched(EcImplementation impl) {
    long seed = Seeds.of("unavailableShardsAreNullAndNeverTouched" + impl);
    Random random = new Random(seed);
    ErasureCodec codec = codec(6, 3, impl);
    try (Arena arena = Arena.ofConfined()) {
      TestStripe stripe = new TestStripe(arena, 6, 3, 5000, random);
      stripe.encode(codec);
      byte[][] expected = stripe.snapshot();
      // A storage node rebuilding shard 2 fetched only six survivors: 0, 1, 3, 5, 6, 8.
      MemorySegment[] fetched = stripe.shards.clone();
      fetched[4] = null;
      fetched[7] = null;
      stripe.destroy(new int[] {2}, random);
      codec.decode(fetched, new int[] {2}, stripe.len);
      assertThat(stripe.snapshot()).as("seed %d", seed).isDeepEqualTo(expected);
    }
  }

  static int[] randomLoss(int n, int count, Random random) {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    java.util.Collections.shuffle(all, random);
    return all.subList(0, count).stream().mapToInt(Integer::intValue).toArray();
  }

  static List<int[]> subsetsUpTo(int n, int max) {
    List<int[]> out = new ArrayList<>();
    for (int mask = 1; mask < 1 << n; mask++) {
      if (Integer.bitCount(mask) <= max) {
        int[] s = new int[Integer.bitCount(mask)];
        for (int i = 0, j = 0; i < n; i++) {
          if ((mask & (1 << i)) != 0) {
            s[j++] = i;
          }
        }
        out.add(s);
      }
    }
    return out;
  }

  static int[] indexes(int from, int to) {
    int[] a = new int[to - from];
    for (int i = from; i < to; i++) {
      a[i - from] = i;
    }
    return a;
  }
}
