package io.kdss.storage.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.storage.StorageException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordHeaderTest {

  private final RecordHeader h = new RecordHeader(RecordType.SHARD, RecordHeader.FLAG_COPY, 0x1234_5678_9abcL, 42, 7,
      1L << 40, 5, 1 << 20, 0xdeadbeef, 0x0badf00d, 1_760_000_000L);

  @Test
  void roundTripsAndChains() {
    MemorySegment buf = MemorySegment.ofArray(new byte[RecordHeader.BYTES]);
    int crc = h.write(buf);
    assertThat(RecordHeader.read(buf, h.diskTag())).isEqualTo(h);
    assertThat(RecordHeader.storedCrc(buf)).isEqualTo(crc);
    assertThat(h.footprint()).isEqualTo((1 << 20) + 64);
    assertThat(RecordHeader.footprint(0)).isEqualTo(64);
    assertThat(RecordHeader.footprint(1)).isEqualTo(128);
    assertThat(RecordHeader.footprint(4096)).isEqualTo(4160);
    assertThat(RecordHeader.readStart(4160)).isEqualTo(4096);
    assertThat(RecordHeader.readEnd(4160, 4096)).isEqualTo(3 * 4096);
    assertThat(RecordHeader.readEnd(0, 4096 - 64)).isEqualTo(4096);
    assertThat(h.isCopy()).isTrue();
  }

  @Test
  void anyFlippedBitOrForeignDiskIsCorrupt() {
    MemorySegment buf = MemorySegment.ofArray(new byte[RecordHeader.BYTES]);
    h.write(buf);
    assertThatThrownBy(() -> RecordHeader.read(buf, 99)).isInstanceOf(StorageException.Corrupt.class)
        .hasMessageContaining("another format");
    for (int i = 0; i < RecordHeader.BYTES; i++) {
      MemorySegment copy = MemorySegment.ofArray(buf.toArray(ValueLayout.JAVA_BYTE));
      copy.set(ValueLayout.JAVA_BYTE, i, (byte) (copy.get(ValueLayout.JAVA_BYTE, i) ^ 0x10));
      assertThatThrownBy(() -> RecordHeader.read(copy, h.diskTag())).as("byte %d", i)
          .isInstanceOf(StorageException.Corrupt.class);
    }
  }

  @Test
  void tombstonePayloadRoundTrips() {
    List<ShardKey> keys = List.of(new ShardKey(1, 0), new ShardKey(Long.MAX_VALUE, 13), new ShardKey(77, 2));
    MemorySegment buf = MemorySegment.ofArray(new byte[TombstonePayload.bytes(keys.size())]);
    TombstonePayload.write(keys, buf);
    assertThat(TombstonePayload.read(buf)).isEqualTo(keys);
    assertThatThrownBy(() -> TombstonePayload.read(buf.asSlice(0, 10))).isInstanceOf(StorageException.Corrupt.class);
  }
}
