package io.kdss.storage.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlignedBuffersTest {

  @Test
  void everyLengthFitsItsClassWithAtMostAnEighthWasted() {
    for (long pages = 1; pages <= 32_768; pages++) {
      long length = pages * 4096;
      int c = AlignedBuffers.classOf(length);
      assertThat(AlignedBuffers.classBytes(c)).as("class of %d bytes", length).isGreaterThanOrEqualTo(length);
      assertThat(AlignedBuffers.classBytes(c) - length).as("waste for %d bytes", length)
          .isLessThanOrEqualTo(Math.max(0, length / 8));
      if (c > 0) {
        assertThat(AlignedBuffers.classBytes(c - 1)).as("the class below %d bytes", length).isLessThan(length);
      }
    }
    assertThat(AlignedBuffers.classBytes(AlignedBuffers.classOf((1L << 20) + 4096))).isEqualTo(1152L << 10);
  }

  @Test
  void buffersAreAlignedDistinctAndReused() {
    AlignedBuffers pool = new AlignedBuffers();
    List<AlignedBuffers.Buffer> taken = new ArrayList<>();
    Set<Long> addresses = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      AlignedBuffers.Buffer b = pool.take((1L << 20) + 4096);
      MemorySegment s = b.segment();
      assertThat(s.byteSize()).isEqualTo((1L << 20) + 4096);
      assertThat(s.address() % 4096).isZero();
      s.set(ValueLayout.JAVA_INT, 0, i);
      s.set(ValueLayout.JAVA_INT, s.byteSize() - 4, i);
      assertThat(addresses.add(s.address())).as("buffer %d is not handed out twice", i).isTrue();
      taken.add(b);
    }
    for (int i = 0; i < taken.size(); i++) {
      assertThat(taken.get(i).segment().get(ValueLayout.JAVA_INT, 0)).as("no overlap into buffer %d", i).isEqualTo(i);
    }
    AlignedBuffers.Buffer last = taken.getLast();
    pool.release(last);
    assertThat(pool.take((1L << 20) + 4096).segment().address()).as("the last buffer released is reused first")
        .isEqualTo(last.segment().address());
  }

  @Test
  void beyondTheSlabCapBuffersStillWork() {
    AlignedBuffers pool = new AlignedBuffers(0);
    AlignedBuffers.Buffer b = pool.take(8192);
    b.segment().fill((byte) 7);
    assertThat(b.segment().address() % 4096).isZero();
    pool.release(b);
    assertThatThrownBy(() -> pool.take(100)).isInstanceOf(IllegalArgumentException.class);
  }
}
