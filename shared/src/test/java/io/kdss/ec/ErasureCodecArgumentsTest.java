package io.kdss.ec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bad arguments fail before any byte is written, with a message naming what is wrong; they
 * never produce wrong data.
 */
class ErasureCodecArgumentsTest {

  private static ErasureCodec codec(int k, int m, EcImplementation impl) {
    return ErasureCodec.create(k, m, new ErasureCodecOptions().setImplementation(impl));
  }

  @ParameterizedTest
  @EnumSource(EcImplementation.class)
  void impossibleSchemes(EcImplementation impl) {
    assertThatThrownBy(() -> codec(0, 2, impl)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k (data shards) must be 1..32, got 0");
    assertThatThrownBy(() -> codec(33, 2, impl)).hasMessage("k (data shards) must be 1..32, got 33");
    assertThatThrownBy(() -> codec(4, 0, impl)).hasMessage("m (parity shards) must be 1..8, got 0");
    assertThatThrownBy(() -> codec(4, 9, impl)).hasMessage("m (parity shards) must be 1..8, got 9");
    // k + m > 255 cannot be a Reed-Solomon code over GF(2^8) at all.
    assertThatThrownBy(() -> codec(250, 6, impl)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k (data shards) must be 1..32");
  }

  @ParameterizedTest
  @EnumSource(EcImplementation.class)
  void encodeArgumentsAreCheckedBeforeWriting(EcImplementation impl) {
    ErasureCodec codec = codec(4, 2, impl);
    try (Arena arena = Arena.ofConfined()) {
      TestStripe stripe = new TestStripe(arena, 4, 2, 256, new Random(1));
      byte[][] before = stripe.snapshot();
      MemorySegment[] data = stripe.data();
      MemorySegment[] parity = stripe.parity();

      assertThatThrownBy(() -> codec.encode(new MemorySegment[3], parity, 256))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("4+2 needs 4 data shards, got 3");
      assertThatThrownBy(() -> codec.encode(data, new MemorySegment[3], 256))
          .hasMessage("4+2 needs 2 parity shards, got 3");
      assertThatThrownBy(() -> codec.encode(data, parity, -1)).hasMessage("len must be >= 0, got -1");
      assertThatThrownBy(() -> codec.encode(data, parity, 257))
          .hasMessage("data[0] holds 256 bytes, fewer than len 257 (shard sizes must match)");

      MemorySegment[] shortParity = {parity[0], arena.allocate(100)};
      assertThatThrownBy(() -> codec.encode(data, shortParity, 256))
          .hasMessage("parity[1] holds 100 bytes, fewer than len 256 (shard sizes must match)");
      MemorySegment[] withNull = data.clone();
      withNull[2] = null;
      assertThatThrownBy(() -> codec.encode(withNull, parity, 256)).hasMessage("data[2] is null");
      MemorySegment[] withHeap = data.clone();
      withHeap[1] = MemorySegment.ofArray(new byte[256]);
      assertThatThrownBy(() -> codec.encode(withHeap, parity, 256))
          .hasMessageStartingWith("data[1] is a heap segment");
      MemorySegment[] readOnly = {parity[0], parity[1].asReadOnly()};
      assertThatThrownBy(() -> codec.encode(data, readOnly, 256)).hasMessage("parity[1] is read-only");
      MemorySegment[] aliased = {parity[0], data[3]};
      assertThatThrownBy(() -> codec.encode(data, aliased, 256)).hasMessage("parity[1] overlaps data[3]");
      MemorySegment[] twice = {parity[0], parity[0]};
      assertThatThrownBy(() -> codec.encode(data, twice, 256)).hasMessage("parity[0] overlaps parity[1]");

      assertThat(stripe.snapshot()).as("nothing written by a rejected call").isDeepEqualTo(before);
    }
  }

  @ParameterizedTest
  @EnumSource(EcImplementation.class)
  void closedOrForeignMemoryIsRejected(EcImplementation impl) throws Exception {
    ErasureCodec codec = codec(2, 1, impl);
    Arena closed = Arena.ofConfined();
    MemorySegment dead = closed.allocate(64);
    closed.close();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment a = arena.allocate(64);
      MemorySegment p = arena.allocate(64);
      assertThatThrownBy(() -> codec.encode(new MemorySegment[] {a, dead}, new MemorySegment[] {p}, 64))
          .hasMessage("data[1] belongs to a closed arena");
      Throwable[] thrown = new Throwable[1];
      Thread other = Thread.ofPlatform().start(() -> {
        try {
          codec.encode(new MemorySegment[] {a, a}, new MemorySegment[] {p}, 64);
        } catch (Throwable t) {
          thrown[0] = t;
        }
      });
      other.join();
      assertThat(thrown[0]).hasMessage("data[0] is confined to another thread");
    }
  }

  @ParameterizedTest
  @EnumSource(EcImplementation.class)
  void decodeArgumentsAreCheckedBeforeWriting(EcImplementation impl) {
    ErasureCodec codec = codec(4, 2, impl);
    try (Arena arena = Arena.ofConfined()) {
      TestStripe stripe = new TestStripe(arena, 4, 2, 256, new Random(2));
      stripe.encode(codec);
      byte[][] before = stripe.snapshot();
      MemorySegment[] shards = stripe.shards;

      assertThatThrownBy(() -> codec.decode(new MemorySegment[5], new int[] {0}, 256))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("4+2 needs 6 shards, got 5");
      assertThatThrownBy(() -> codec.decode(shards, new int[] {0, 1, 2}, 256))
          .hasMessage("too many erasures: 3 shards erased, 4+2 rebuilds at most 2");
      assertThatThrownBy(() -> codec.decode(shards, new int[] {6}, 256))
          .hasMessage("erased index 6 is outside 0..5");
      assertThatThrownBy(() -> codec.decode(shards, new int[] {1, 1}, 256))
          .hasMessage("erased index 1 is listed twice");
      assertThatThrownBy(() -> codec.decode(shards, null, 256))
          .hasMessageStartingWith("erased is null");

      MemorySegment[] missing = shards.clone();
      missing[0] = null;
      assertThatThrownBy(() -> codec.decode(missing, new int[] {0}, 256))
          .hasMessage("shards[0] (erased) is null");
      missing[0] = shards[0];
      missing[3] = null;
      missing[5] = null;
      assertThatThrownBy(() -> codec.decode(missing, new int[] {0}, 256))
          .hasMessage("cannot rebuild: only 3 of the 6 shards are available (neither erased nor null),"
              + " 4+2 needs 4");
      MemorySegment[] mismatched = shards.clone();
      mismatched[4] = arena.allocate(128);
      assertThatThrownBy(() -> codec.decode(mismatched, new int[] {0}, 256))
          .hasMessage("shards[4] holds 128 bytes, fewer than len 256 (shard sizes must match)");
      MemorySegment[] aliased = shards.clone();
      aliased[1] = shards[2];
      assertThatThrownBy(() -> codec.decode(aliased, new int[] {1}, 256))
          .hasMessage("shards[1] (erased) overlaps shards[2]");

      assertThat(stripe.snapshot()).as("nothing written by a rejected call").isDeepEqualTo(before);
    }
  }

  @ParameterizedTest
  @EnumSource(EcImplementation.class)
  void buffersMustBeDirectAndOfOneSize(EcImplementation impl) {
    ErasureCodec codec = codec(2, 1, impl);
    ByteBuffer a = ByteBuffer.allocateDirect(64);
    ByteBuffer b = ByteBuffer.allocateDirect(64);
    ByteBuffer p = ByteBuffer.allocateDirect(64);
    assertThatThrownBy(() -> codec.encode(new ByteBuffer[] {a, ByteBuffer.allocate(64)}, new ByteBuffer[] {p}))
        .hasMessage("data[1] is a heap buffer; the codec works on direct buffers");
    assertThatThrownBy(() -> codec.encode(new ByteBuffer[] {a, b.slice(0, 32)}, new ByteBuffer[] {p}))
        .hasMessage("shard sizes differ: data[0] has 64 bytes remaining, data[1] has 32");
    assertThatThrownBy(() -> codec.encode(new ByteBuffer[] {a, b}, new ByteBuffer[] {p.slice(0, 48)}))
        .hasMessage("shard sizes differ: data shards have 64 bytes remaining, parity shards 48");
    assertThatThrownBy(() -> codec.decode(new ByteBuffer[] {a, b, p.slice(0, 16)}, new int[] {0}))
        .hasMessage("shard sizes differ: shards[0] has 64 bytes remaining, shards[2] has 16");
    assertThatThrownBy(() -> codec.encode(new ByteBuffer[] {a, b}, new ByteBuffer[] {p.asReadOnlyBuffer()}))
        .hasMessage("parity[0] is read-only");
  }

  @ParameterizedTest
  @EnumSource(EcImplementation.class)
  void optionsRejectUnknownImplementations(EcImplementation impl) {
    assertThat(new ErasureCodecOptions().setImplementation(impl).implementation()).isEqualTo(impl.id());
    assertThatThrownBy(() -> new ErasureCodecOptions().setImplementation("jerasure"))
        .hasMessage("EC implementation 'jerasure' is not one of [auto, isal, java-vector, java-scalar]");
  }
}
