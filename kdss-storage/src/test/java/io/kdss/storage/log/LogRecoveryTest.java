package io.kdss.storage.log;

import static io.kdss.storage.TestDisks.crc;
import static io.kdss.storage.TestDisks.payload;
import static io.kdss.storage.TestDisks.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.storage.StorageException;
import io.kdss.storage.TestDisks;
import io.kdss.storage.disk.RecordHeader;
import io.kdss.storage.disk.RecordType;
import io.kdss.storage.disk.ShardKey;
import io.kdss.storage.disk.SuperBlock;
import io.kdss.storage.index.LmdbShardIndex;
import io.kdss.storage.index.ShardLocation;
import io.kdss.storage.io.BlockDevices;
import io.kdss.storage.io.GatedBlockDevice;
import io.kdss.storage.io.FaultyBlockDevice;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery and rebuild of a disk whose log holds torn or damaged records. */
class LogRecoveryTest {

  private static final long SEGMENT = 4L << 20;

  @TempDir
  Path dir;

  private Path file() {
    return dir.resolve("disk.img");
  }

  private Path index() {
    return dir.resolve("index");
  }

  private void deleteIndex() throws Exception {
    try (Stream<Path> files = Files.walk(index())) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  private static CompletableFuture<ShardLocation> put(DiskLog log, long seed, int stripe, int bytes) {
    byte[] p = payload(seed, stripe, 0, bytes);
    return log.put(new ShardKey(stripe, 0), segment(p), crc(p));
  }

  private static void assertHas(DiskLog log, long seed, int stripe, int bytes) throws Exception {
    ShardData d = log.get(new ShardKey(stripe, 0)).get();
    assertThat(d).as("shard %d", stripe).isNotNull();
    assertThat(d.payload()).as("shard %d", stripe).isEqualTo(payload(seed, stripe, 0, bytes));
  }

  /**
   * A group commit of several packed records is torn in the middle of a record (its header
   * made it, half its payload did not). Recovery cuts the log there; what is written after
   * must survive a later rebuild, which scans past the cut.
   */
  @Test
  void writesAfterATornMidBlockTailSurviveARebuild() throws Exception {
    SuperBlock sb = TestDisks.formatFile(file(), 64L << 20, SEGMENT);
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      put(log, 1, 0, 10_000).get();
    }
    // One batch in flight at a time and the first write held back, so the next eight puts
    // form one batch: records at 64-byte boundaries, several of them inside blocks.
    CompletableFuture<Void> gate = new CompletableFuture<>();
    GatedBlockDevice gated = new GatedBlockDevice(new FaultyBlockDevice(BlockDevices.open(file(), BlockDevices.Engine.AUTO), 2),
        gate);
    DiskLog crashing = DiskLog.open(gated, LmdbShardIndex.open(index().resolve(sb.diskId().toString()), 64L << 20),
        TestDisks.smallOptions().setMaxBatchesInFlight(1), DiskObserver.NONE, TestDisks.CPU, TestDisks.BUFFERS);
    List<CompletableFuture<ShardLocation>> torn = new ArrayList<>();
    try {
      CompletableFuture<ShardLocation> first = put(crashing, 1, 1, 10_000);
      while (gated.writes.get() < 1) {
        Thread.onSpinWait();
      }
      for (int i = 0; i < 8; i++) {
        torn.add(put(crashing, 1, 10 + i, 10_000));
      }
      gate.complete(null);
      first.get();
      for (CompletableFuture<ShardLocation> f : torn) {
        assertThat(f).failsWithin(java.time.Duration.ofSeconds(30));
      }
    } finally {
      crashing.close();
    }
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      for (int i = 0; i < 3; i++) {
        put(log, 2, 20 + i, 3000).get();
      }
    }
    deleteIndex();
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      assertHas(log, 1, 0, 10_000);
      assertHas(log, 1, 1, 10_000);
      for (int i = 0; i < 3; i++) {
        assertHas(log, 2, 20 + i, 3000);
      }
    }
  }

  @Test
  void aRebuildSkipsADamagedRecordAndKeepsTheRestOfItsSegment() throws Exception {
    SuperBlock sb = TestDisks.formatFile(file(), 64L << 20, SEGMENT);
    List<ShardLocation> locs = new ArrayList<>();
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      for (int i = 0; i < 60; i++) {
        locs.add(put(log, 3, i, 200_000).get());
      }
    }
    assertThat(locs.get(5).position().segment()).isNotEqualTo(locs.get(59).position().segment());
    // A bit rots in the payload of shard 5, in a sealed segment, and the index is lost.
    DiskLogTest.flipByte(file(), sb.layout().deviceOffset(locs.get(5).position()) + 64 + 1000);
    deleteIndex();
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      assertThat(log.get(new ShardKey(5, 0)).get()).as("the damaged shard is not indexed").isNull();
      for (int i = 0; i < 60; i++) {
        if (i != 5) {
          assertHas(log, 3, i, 200_000);
        }
      }
      put(log, 4, 100, 5000).get();
    }
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      assertHas(log, 4, 100, 5000);
      assertThat(log.shardCount()).isEqualTo(60);
    }
  }

  @Test
  void aBadPayloadFarBeforeTheEndOfTheLogIsNotTakenForATornTail() throws Exception {
    SuperBlock sb = TestDisks.formatFile(file(), 64L << 20, SEGMENT);
    List<ShardLocation> locs = new ArrayList<>();
    Path oldIndex = dir.resolve("old-index");
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      for (int i = 0; i < 5; i++) {
        locs.add(put(log, 5, i, 300_000).get());
      }
    }
    // An index whose checkpoint is early in the log (as after a power loss with the index
    // synced long before), then 55 more acknowledged shards, 16 MB of log.
    copyTree(index(), oldIndex);
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      for (int i = 5; i < 60; i++) {
        locs.add(put(log, 5, i, 300_000).get());
      }
    }
    deleteIndex();
    copyTree(oldIndex, index());
    DiskLogTest.flipByte(file(), sb.layout().deviceOffset(locs.get(8).position()) + 64 + 5000);
    assertThatThrownBy(() -> TestDisks.open(file(), index(), sb, TestDisks.smallOptions()))
        .isInstanceOf(StorageException.Corrupt.class).hasMessageContaining("not a torn tail");
    // The way out the message gives: a rebuild keeps everything but the damaged shard.
    deleteIndex();
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      assertThat(log.get(new ShardKey(8, 0)).get()).isNull();
      for (int i = 0; i < 60; i++) {
        if (i != 8) {
          assertHas(log, 5, i, 300_000);
        }
      }
    }
  }

  /**
   * A disk written by a format-1 build (every record padded to 4 KiB): opened, upgraded to
   * format 2 in place, its records read back, packed records appended after them, and the
   * mixed log rebuilt again from scratch.
   */
  @Test
  void aFormatOneDiskIsReadUpgradedAndExtended() throws Exception {
    SuperBlock sb = TestDisks.formatFile(file(), 64L << 20, SEGMENT);
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file(),
        java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer block = java.nio.ByteBuffer.allocate(4096).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      ch.read(block, 0);
      for (int copy : new int[] {0, 2048}) {
        block.putInt(copy + 8, 1);
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(block.array(), copy, 2044);
        block.putInt(copy + 2044, (int) c.getValue());
      }
      ch.write(block.flip(), 0);
      int prev = 0;
      for (int i = 0; i < 5; i++) {
        byte[] p = payload(6, i, 0, 5000 + i);
        byte[] rec = new byte[(int) ((64 + p.length + 4095) & ~4095L)];
        RecordHeader h = new RecordHeader(RecordType.SHARD, 0, sb.diskTag(), i + 1, i + 1, i, 0, p.length, crc(p),
            prev, 1_700_000_000L);
        prev = h.write(MemorySegment.ofArray(rec));
        System.arraycopy(p, 0, rec, 64, p.length);
        ch.write(java.nio.ByteBuffer.wrap(rec), sb.layout().deviceOffset(0, 8192L * i));
      }
    }
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      for (int i = 0; i < 5; i++) {
        assertHas(log, 6, i, 5000 + i);
      }
      for (int i = 5; i < 10; i++) {
        put(log, 6, i, 5000 + i).get();
      }
    }
    assertThat(io.kdss.storage.format.DiskFormatter.inspect(file()).kdss()).isNotNull();
    byte[] block = new byte[4096];
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file().toFile(), "r")) {
      f.readFully(block);
    }
    MemorySegment b = MemorySegment.ofArray(block);
    assertThat(SuperBlock.storedVersion(b.asSlice(0, SuperBlock.BYTES))).isEqualTo(SuperBlock.FORMAT_VERSION);
    assertThat(SuperBlock.storedVersion(b.asSlice(2048, SuperBlock.BYTES))).isEqualTo(SuperBlock.FORMAT_VERSION);
    deleteIndex();
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      for (int i = 0; i < 10; i++) {
        assertHas(log, 6, i, 5000 + i);
      }
    }
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
