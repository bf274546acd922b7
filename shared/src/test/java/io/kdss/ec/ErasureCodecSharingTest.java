package io.kdss.ec;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Direct-buffer calls, and one codec shared by many threads with changing loss patterns. */
class ErasureCodecSharingTest {

  private static ErasureCodec codec(int k, int m, EcImplementation impl) {
    return ErasureCodec.create(k, m, new ErasureCodecOptions().setImplementation(impl));
  }

  @ParameterizedTest
  @EnumSource(EcImplementation.class)
  void directBuffersAreCodedFromTheirPositionAndKeepIt(EcImplementation impl) {
    long seed = Seeds.of("directBuffers" + impl);
    Random random = new Random(seed);
    ErasureCodec codec = codec(4, 2, impl);
    int len = 3000;
    ByteBuffer[] shards = new ByteBuffer[6];
    byte[][] expected = new byte[6][];
    for (int i = 0; i < 6; i++) {
      ByteBuffer b = ByteBuffer.allocateDirect(len + 100);
      b.position(10 + i).limit(10 + i + len);
      shards[i] = b;
      if (i < 4) {
        expected[i] = new byte[len];
        random.nextBytes(expected[i]);
        b.duplicate().put(expected[i]);
      }
    }
    codec.encode(new ByteBuffer[] {shards[0], shards[1], shards[2], shards[3]},
        new ByteBuffer[] {shards[4], shards[5]});
    for (int i = 0; i < 6; i++) {
      assertThat(shards[i].position()).isEqualTo(10 + i);
      assertThat(shards[i].remaining()).isEqualTo(len);
    }
    expected[4] = bytes(shards[4]);
    expected[5] = bytes(shards[5]);
    shards[1].duplicate().put(new byte[len]);
    shards[5].duplicate().put(new byte[len]);
    codec.decode(shards, new int[] {1, 5});
    for (int i = 0; i < 6; i++) {
      assertThat(bytes(shards[i])).as("seed %d, shard %d", seed, i).isEqualTo(expected[i]);
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }

  @Test
  void oneCodecServesManyThreads() throws Exception {
    ErasureCodec isal = codec(8, 3, EcImplementation.ISAL);
    ErasureCodec java = codec(8, 3, EcImplementation.JAVA_VECTOR);
    long seed = Seeds.of("oneCodecServesManyThreads");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        long threadSeed = seed + t;
        ErasureCodec codec = t % 2 == 0 ? isal : java;
        work.add(pool.submit(() -> roundTrips(codec, threadSeed)));
      }
      for (Future<?> f : work) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Void roundTrips(ErasureCodec codec, long seed) {
    Random random = new Random(seed);
    try (Arena arena = Arena.ofConfined()) {
      for (int round = 0; round < 12; round++) {
        TestStripe stripe = new TestStripe(arena, 8, 3, 1 + random.nextInt(8_000), random);
        stripe.encode(codec);
        byte[][] expected = stripe.snapshot();
        int[] erased = ErasureCodecTest.randomLoss(11, 1 + random.nextInt(3), random);
        stripe.destroy(erased, random);
        codec.decode(stripe.shards, erased, stripe.len);
        assertThat(stripe.snapshot()).as("seed %d, %s round %d", seed, codec, round)
            .isDeepEqualTo(expected);
      }
    }
    return null;
  }
}
