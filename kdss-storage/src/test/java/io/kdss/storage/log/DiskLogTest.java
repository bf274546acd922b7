package io.kdss.storage.log;

import static io.kdss.storage.TestDisks.crc;
import static io.kdss.storage.TestDisks.payload;
import static io.kdss.storage.TestDisks.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.storage.StorageException;
import io.kdss.storage.TestDisks;
import io.kdss.storage.disk.ShardKey;
import io.kdss.storage.disk.SuperBlock;
import io.kdss.storage.index.ShardLocation;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine of one disk on a file: io_uring + O_DIRECT writes, reads, reopen, recovery, corruption. */
class DiskLogTest {

  private static final long SEGMENT = 4L << 20;

  @TempDir
  Path dir;

  private Path file() {
    return dir.resolve("disk.img");
  }

  private Path index() {
    return dir.resolve("index");
  }

  @Test
  void usesIoUringWithODirectOnAFile() throws Exception {
    SuperBlock sb = TestDisks.formatFile(file(), 64L << 20, SEGMENT);
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      assertThat(log.device().engine()).isEqualTo("io_uring");
      assertThat(log.device().direct()).isTrue();
      assertThat(log.identity().clusterId()).isEqualTo(TestDisks.CLUSTER);
    }
  }

  @Test
  void writesReadBackAcrossSegmentsAndAReopen() throws Exception {
    SuperBlock sb = TestDisks.formatFile(file(), 64L << 20, SEGMENT);
    Map<ShardKey, byte[]> model = new HashMap<>();
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      List<CompletableFuture<ShardLocation>> acks = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        ShardKey k = new ShardKey(1000 + i, i % 6);
        byte[] p = payload(1, k.stripeId(), k.shardIndex(), 1 + (i * 37_111) % (900 << 10));
        model.put(k, p);
        acks.add(log.put(k, segment(p), crc(p)));
      }
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
      assertThat(log.headSegment()).as("40 shards of up to 900 KiB fill several 4 MiB segments").isGreaterThan(1);
      assertAllReadBack(log, model);
      assertThat(log.get(new ShardKey(5, 5)).get()).isNull();
    }
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      assertAllReadBack(log, model);
      assertThat(log.shardCount()).isEqualTo(40);
    }
  }

  @Test
  void aPayloadThatDoesNotMatchItsCrcIsRefusedBeforeWriting() throws Exception {
    SuperBlock sb = TestDisks.formatFile(file(), 64L << 20, SEGMENT);
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      byte[] p = payload(2, 1, 1, 5000);
      assertThatThrownBy(() -> log.put(new ShardKey(1, 1), segment(p), crc(p) ^ 1).join())
          .hasCauseInstanceOf(StorageException.Corrupt.class);
      assertThat(log.stat(new ShardKey(1, 1))).isNull();
    }
  }

  @Test
  void deletesAndOverwritesKeepSpaceAccountingExact() throws Exception {
    SuperBlock sb = TestDisks.formatFile(file(), 64L << 20, SEGMENT);
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      byte[] p = payload(3, 1, 0, 100_000);
      log.put(new ShardKey(1, 0), segment(p), crc(p)).get();
      log.put(new ShardKey(2, 0), segment(p), crc(p)).get();
      long record = ShardLocationBytes.of(100_000);
      assertThat(log.space().usedBytes()).isEqualTo(2 * record);
      log.put(new ShardKey(2, 0), segment(p), crc(p)).get();
      assertThat(log.space().usedBytes()).isEqualTo(2 * record);
      log.delete(List.of(new ShardKey(1, 0), new ShardKey(9, 9))).get();
      assertThat(log.get(new ShardKey(1, 0)).get()).isNull();
      assertThat(log.space().usedBytes()).isEqualTo(record);
      var space = log.space();
      assertThat(space.usedBytes() + space.garbageBytes() + space.freeBytes()).isEqualTo(space.capacityBytes());
      assertThat(log.list(0, 100, 10)).extracting(e -> e.getKey()).containsExactly(new ShardKey(2, 0));
    }
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      assertThat(log.get(new ShardKey(1, 0)).get()).isNull();
      assertThat(log.space().usedBytes()).isEqualTo(ShardLocationBytes.of(100_000));
    }
  }

  @Test
  void aLostIndexIsRebuiltFromTheLogExactly() throws Exception {
    SuperBlock sb = TestDisks.formatFile(file(), 64L << 20, SEGMENT);
    Map<ShardKey, byte[]> model = new HashMap<>();
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      for (int i = 0; i < 30; i++) {
        ShardKey k = new ShardKey(i, 0);
        byte[] p = payload(4, i, 0, 300_000);
        log.put(k, segment(p), crc(p)).get();
        model.put(k, p);
      }
      log.delete(List.of(new ShardKey(3, 0), new ShardKey(4, 0))).get();
      model.remove(new ShardKey(3, 0));
      model.remove(new ShardKey(4, 0));
      byte[] p = payload(5, 5, 0, 1234);
      log.put(new ShardKey(5, 0), segment(p), crc(p)).get();
      model.put(new ShardKey(5, 0), p);
    }
    try (Stream<Path> files = Files.walk(index())) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      assertThat(log.shardCount()).isEqualTo(model.size());
      assertAllReadBack(log, model);
      byte[] p = payload(6, 99, 0, 4000);
      log.put(new ShardKey(99, 0), segment(p), crc(p)).get();
      model.put(new ShardKey(99, 0), p);
    }
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      assertAllReadBack(log, model);
    }
  }

  @Test
  void aFlippedByteOnTheDeviceIsDetectedOnReadAndNeverReturned() throws Exception {
    SuperBlock sb = TestDisks.formatFile(file(), 64L << 20, SEGMENT);
    ShardKey k = new ShardKey(77, 1);
    ShardLocation loc;
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      byte[] p = payload(7, 77, 1, 50_000);
      loc = log.put(k, segment(p), crc(p)).get();
    }
    long at = sb.layout().deviceOffset(loc.position()) + 64 + 20_000;
    flipByte(file(), at);
    List<String> corruptions = new ArrayList<>();
    DiskObserver observer = new DiskObserver() {
      @Override
      public void corruption(String what) {
        corruptions.add(what);
      }
    };
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions(), observer)) {
      assertThatThrownBy(() -> log.get(k).get()).isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(StorageException.Corrupt.class).hasMessageContaining("CRC");
      assertThat(corruptions).hasSize(1);
    }
  }

  @Test
  void aTornPrimarySuperBlockFallsBackToTheBackupAndIsRepaired() throws Exception {
    SuperBlock sb = TestDisks.formatFile(file(), 64L << 20, SEGMENT);
    byte[] p = payload(8, 1, 1, 10_000);
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      log.put(new ShardKey(1, 1), segment(p), crc(p)).get();
    }
    try (RandomAccessFile f = new RandomAccessFile(file().toFile(), "rw")) {
      f.seek(100);
      f.write(new byte[700]);
    }
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      assertThat(log.superBlock().diskId()).isEqualTo(sb.diskId());
      assertThat(log.get(new ShardKey(1, 1)).get().payload()).isEqualTo(p);
    }
    var found = io.kdss.storage.format.DiskFormatter.inspect(file());
    assertThat(found.kdss()).as("both copies valid again after the repair").isNotNull();
    try (RandomAccessFile f = new RandomAccessFile(file().toFile(), "r")) {
      byte[] block = new byte[4096];
      f.readFully(block);
      var pair = io.kdss.storage.disk.SuperBlockPair.read(java.lang.foreign.MemorySegment.ofArray(block));
      assertThat(pair.otherProblem()).isNull();
    }
  }

  @Test
  void aTornTailIsCutAtTheFirstBadRecordAndLaterStaleRecordsNeverRejoin() throws Exception {
    SuperBlock sb = TestDisks.formatFile(file(), 64L << 20, SEGMENT);
    List<ShardLocation> locs = new ArrayList<>();
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      for (int i = 0; i < 6; i++) {
        byte[] p = payload(9, i, 0, 8000);
        locs.add(log.put(new ShardKey(i, 0), segment(p), crc(p)).get());
      }
    }
    // Roll the index back to before records 3..5 by deleting it and tearing record 3's header:
    // the rebuild must stop at record 3 and never take 4 and 5 (valid, but after a torn one).
    try (Stream<Path> files = Files.walk(index())) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
    flipByte(file(), sb.layout().deviceOffset(locs.get(3).position()) + 10);
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      for (int i = 0; i < 3; i++) {
        assertThat(log.get(new ShardKey(i, 0)).get().payload()).isEqualTo(payload(9, i, 0, 8000));
      }
      for (int i = 3; i < 6; i++) {
        assertThat(log.get(new ShardKey(i, 0)).get()).as("shard %d after the torn record", i).isNull();
      }
      // New writes reuse the torn space: a different-size record chains from record 2.
      byte[] p = payload(10, 50, 0, 4000);
      log.put(new ShardKey(50, 0), segment(p), crc(p)).get();
    }
    try (DiskLog log = TestDisks.open(file(), index(), sb, TestDisks.smallOptions())) {
      assertThat(log.get(new ShardKey(50, 0)).get().payload()).isEqualTo(payload(10, 50, 0, 4000));
      assertThat(log.get(new ShardKey(4, 0)).get()).isNull();
      assertThat(log.get(new ShardKey(5, 0)).get()).isNull();
    }
  }

  static void assertAllReadBack(DiskLog log, Map<ShardKey, byte[]> model) throws Exception {
    for (Map.Entry<ShardKey, byte[]> e : model.entrySet()) {
      ShardData d = log.get(e.getKey()).get();
      assertThat(d).as("shard %s", e.getKey()).isNotNull();
      assertThat(d.payload()).as("shard %s", e.getKey()).isEqualTo(e.getValue());
      assertThat(d.crc()).isEqualTo(crc(e.getValue()));
    }
  }

  static void flipByte(Path file, long at) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x40);
    }
  }

  /** On-disk bytes of a shard record with a payload of n bytes. */
  static final class ShardLocationBytes {
    static long of(int n) {
      return io.kdss.storage.disk.RecordHeader.footprint(n);
    }
  }
}
