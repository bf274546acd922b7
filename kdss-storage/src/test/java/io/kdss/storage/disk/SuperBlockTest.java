package io.kdss.storage.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.storage.StorageException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SuperBlockTest {

  private final SuperBlock sb = SuperBlock.format(UUID.randomUUID(), UUID.randomUUID(), "node-7", 16L << 30, 256L << 20);

  @Test
  void roundTripsEveryField() {
    SuperBlock s = sb.next(SuperBlock.Mode.READONLY, new SegmentOffset(12, 8192), 99);
    MemorySegment buf = MemorySegment.ofArray(new byte[SuperBlock.BYTES]);
    s.write(buf);
    assertThat(SuperBlock.read(buf)).isEqualTo(s);
    assertThat(s.segmentCount()).isEqualTo(63);
    assertThat(s.layout().deviceOffset(1, 4096)).isEqualTo(4096 + (256L << 20) + 4096);
  }

  @Test
  void aFlippedByteIsCorrupt() {
    MemorySegment buf = MemorySegment.ofArray(new byte[SuperBlock.BYTES]);
    sb.write(buf);
    buf.set(ValueLayout.JAVA_BYTE, 60, (byte) (buf.get(ValueLayout.JAVA_BYTE, 60) ^ 1));
    assertThatThrownBy(() -> SuperBlock.read(buf)).isInstanceOf(StorageException.Corrupt.class).hasMessageContaining("CRC");
    assertThatThrownBy(() -> SuperBlock.read(MemorySegment.ofArray(new byte[SuperBlock.BYTES])))
        .hasMessageContaining("magic");
  }

  @Test
  void pairTakesTheHighestValidGenerationAndSurvivesATornCopy() {
    MemorySegment block = MemorySegment.ofArray(new byte[4096]);
    sb.write(block.asSlice(0, SuperBlock.BYTES));
    sb.write(block.asSlice(2048, SuperBlock.BYTES));
    SuperBlockPair first = SuperBlockPair.read(block);
    assertThat(first.current()).isEqualTo(sb);
    assertThat(first.currentIsPrimary()).isTrue();

    SuperBlock next = sb.next(SuperBlock.Mode.ACTIVE, new SegmentOffset(3, 0), 500);
    SuperBlockPair.writeUpdate(block, sb, true, next);
    SuperBlockPair second = SuperBlockPair.read(block);
    assertThat(second.current()).isEqualTo(next);
    assertThat(second.currentIsPrimary()).isFalse();

    // Tear the copy holding the newest generation: the other copy, one generation older, wins.
    block.asSlice(2048 + 100, 500).fill((byte) 0x5a);
    SuperBlockPair torn = SuperBlockPair.read(block);
    assertThat(torn.current()).isEqualTo(sb);
    assertThat(torn.otherProblem()).contains("backup");

    block.asSlice(0, 8).fill((byte) 0);
    assertThatThrownBy(() -> SuperBlockPair.read(block)).isInstanceOf(StorageException.Corrupt.class)
        .hasMessageContaining("both superblocks");
  }
}
