package io.kdss.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.storage.disk.RecordHeader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fused copy + CRC32C: exact bytes, the CRC of what was copied, any length around the chunk size. */
class CrcCopyTest {

  @Test
  void copiesThroughLibcMemcpyHere() {
    assertThat(CrcCopy.nativeCopy()).as("glibc's memcpy bound (the fast path this machine must use)").isTrue();
  }

  @Test
  void copiesFromNativeMemoryToo() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment from = arena.allocate(300_000);
      for (long i = 0; i < from.byteSize(); i++) {
        from.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 31 + 7));
      }
      MemorySegment to = arena.allocate(300_000);
      assertThat(CrcCopy.copy(from, to)).isEqualTo(RecordHeader.payloadCrc(from));
      assertThat(to.mismatch(from)).isEqualTo(-1);
    }
  }

  @Test
  void copiesExactlyAndReturnsTheCrc32cOfTheCopyForLengthsAroundTheChunk() {
    long chunk = CrcCopy.CHUNK;
    long[] lengths = {0, 1, 63, 4096, chunk - 1, chunk, chunk + 1, 3 * chunk + 17, (1 << 20) + 64};
    Random rnd = new Random(5);
    try (Arena arena = Arena.ofConfined()) {
      for (long n : lengths) {
        byte[] src = new byte[(int) n];
        rnd.nextBytes(src);
        MemorySegment to = arena.allocate(n + 8);
        to.fill((byte) 0x5a);
        int crc = CrcCopy.copy(MemorySegment.ofArray(src), to);
        assertThat(to.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE)).as("%d bytes", n).isEqualTo(src);
        assertThat(to.get(ValueLayout.JAVA_BYTE, n)).as("nothing written past the payload")
            .isEqualTo((byte) 0x5a);
        assertThat(crc).as("CRC of %d bytes", n).isEqualTo(RecordHeader.payloadCrc(MemorySegment.ofArray(src)));
      }
    }
  }
}
