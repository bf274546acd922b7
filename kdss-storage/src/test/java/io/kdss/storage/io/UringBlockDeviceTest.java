package io.kdss.storage.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The io_uring device under more queued operations than its rings hold, and closed under load. */
class UringBlockDeviceTest {

  private static final int BLOCKS = 1000;

  @TempDir
  Path dir;

  private Path file() throws Exception {
    Path f = dir.resolve("dev.img");
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      byte[] block = new byte[4096];
      for (int i = 0; i < BLOCKS; i++) {
        java.util.Arrays.fill(block, (byte) i);
        block[0] = (byte) (i >> 8);
        raf.write(block);
      }
    }
    return f;
  }

  @Test
  void aThousandConcurrentReadsAllCompleteWithTheirBlocks() throws Exception {
    AlignedBuffers pool = new AlignedBuffers();
    try (BlockDevice dev = BlockDevices.open(file(), BlockDevices.Engine.IO_URING)) {
      assertThat(dev.engine()).isEqualTo("io_uring");
      for (int round = 0; round < 3; round++) {
        List<AlignedBuffers.Buffer> bufs = new ArrayList<>();
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (int i = 0; i < BLOCKS; i++) {
          AlignedBuffers.Buffer b = pool.take(4096);
          bufs.add(b);
          reads.add(dev.read(4096L * i, b.segment()));
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        for (int i = 0; i < BLOCKS; i++) {
          MemorySegment s = bufs.get(i).segment();
          assertThat(s.get(ValueLayout.JAVA_BYTE, 0)).as("block %d", i).isEqualTo((byte) (i >> 8));
          assertThat(s.get(ValueLayout.JAVA_BYTE, 4095)).as("block %d", i).isEqualTo((byte) i);
          pool.release(bufs.get(i));
        }
      }
      assertThat(dev.failure()).isNull();
    }
  }

  @Test
  void closeFinishesWhatWasQueuedAndLaterOperationsFailAtOnce() throws Exception {
    AlignedBuffers pool = new AlignedBuffers();
    BlockDevice dev = BlockDevices.open(file(), BlockDevices.Engine.IO_URING);
    List<CompletableFuture<Void>> reads = new ArrayList<>();
    for (int i = 0; i < BLOCKS; i++) {
      reads.add(dev.read(4096L * i, pool.take(4096).segment()));
    }
    dev.close();
    for (CompletableFuture<Void> r : reads) {
      assertThat(r).as("queued before the close").isCompleted();
    }
    CompletableFuture<Void> late = dev.read(0, pool.take(4096).segment());
    assertThat(late).isCompletedExceptionally();
  }
}
