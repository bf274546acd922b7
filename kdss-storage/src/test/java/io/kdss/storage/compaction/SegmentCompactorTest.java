package io.kdss.storage.compaction;

import static io.kdss.storage.TestDisks.crc;
import static io.kdss.storage.TestDisks.payload;
import static io.kdss.storage.TestDisks.segment;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.storage.TestDisks;
import io.kdss.storage.disk.ShardKey;
import io.kdss.storage.disk.SuperBlock;
import io.kdss.storage.index.LmdbShardIndex;
import io.kdss.storage.index.SegmentState;
import io.kdss.storage.io.BlockDevices;
import io.kdss.storage.io.FaultyBlockDevice;
import io.kdss.storage.log.DiskLog;
import io.kdss.storage.log.DiskObserver;
import io.kdss.storage.log.ShardData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentCompactorTest {

  private static final long SEGMENT = 2L << 20;
  private static final CompactionOptions FAST = new CompactionOptions().setRateBytesPerSec(1L << 30).setGarbageRatio(0.3);

  @TempDir
  Path dir;

  private Path disk() {
    return dir.resolve("disk.img");
  }

  private Path index() {
    return dir.resolve("index");
  }

  /** Writes 60 shards of ~100 KiB over several segments, deletes two thirds; returns the survivors. */
  private Map<ShardKey, byte[]> fillAndDelete(DiskLog log, long seed) throws Exception {
    Map<ShardKey, byte[]> model = new ConcurrentHashMap<>();
    List<ShardKey> doomed = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      ShardKey k = new ShardKey(i, 1);
      byte[] p = payload(seed, i, 1, 90_000 + i * 100);
      log.put(k, segment(p), crc(p)).get();
      if (i % 3 == 0) {
        model.put(k, p);
      } else {
        doomed.add(k);
      }
    }
    log.delete(doomed).get();
    return model;
  }

  @Test
  void freesGarbageHeavySegmentsAndKeepsEveryLiveShard() throws Exception {
    SuperBlock sb = TestDisks.formatFile(disk(), 32L << 20, SEGMENT);
    Map<ShardKey, byte[]> model;
    try (DiskLog log = TestDisks.open(disk(), index(), sb, TestDisks.smallOptions())) {
      model = fillAndDelete(log, 1);
      long freeBefore = log.space().freeBytes();
      SegmentCompactor c = new SegmentCompactor(log, FAST);
      int freed = c.compactAll();
      assertThat(freed).isGreaterThanOrEqualTo(2);
      assertThat(log.space().freeBytes()).isGreaterThan(freeBefore);
      assertThat(log.compactionRecord()).isNull();
      verify(log, model);
      var space = log.space();
      assertThat(space.usedBytes() + space.garbageBytes() + space.freeBytes()).isEqualTo(space.capacityBytes());
    }
    try (DiskLog log = TestDisks.open(disk(), index(), sb, TestDisks.smallOptions())) {
      verify(log, model);
      assertThat(log.get(new ShardKey(1, 1)).get()).as("a deleted shard stays deleted after compaction").isNull();
    }
  }

  @Test
  void anIndexRebuiltAfterCompactionKeepsEveryShardCompactionMoved() throws Exception {
    SuperBlock sb = TestDisks.formatFile(disk(), 32L << 20, SEGMENT);
    Map<ShardKey, byte[]> model;
    try (DiskLog log = TestDisks.open(disk(), index(), sb, TestDisks.smallOptions())) {
      model = fillAndDelete(log, 7);
      assertThat(new SegmentCompactor(log, FAST).compactAll()).isGreaterThanOrEqualTo(2);
      verify(log, model);
    }
    // The index is lost: everything must come back from the log, where the survivors of the
    // freed segments now exist only as compaction copies.
    deleteRecursively(index());
    try (DiskLog log = TestDisks.open(disk(), index(), sb, TestDisks.smallOptions())) {
      verify(log, model);
      for (int i = 0; i < 60; i++) {
        if (i % 3 != 0) {
          assertThat(log.get(new ShardKey(i, 1)).get()).as("deleted %d", i).isNull();
        }
      }
    }
  }

  static void deleteRecursively(Path p) throws java.io.IOException {
    try (var files = java.nio.file.Files.walk(p)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(f);
      }
    }
  }

  @Test
  void aCrashAtAnyWriteDuringCompactionLosesNothing() throws Exception {
    for (int crashAt = 1; crashAt <= 12; crashAt++) {
      Path d = dir.resolve("c" + crashAt);
      java.nio.file.Files.createDirectories(d);
      Path file = d.resolve("disk.img");
      SuperBlock sb = TestDisks.formatFile(file, 32L << 20, SEGMENT);
      Map<ShardKey, byte[]> model;
      try (DiskLog log = TestDisks.open(file, d.resolve("index"), sb, TestDisks.smallOptions())) {
        model = fillAndDelete(log, crashAt);
      }
      FaultyBlockDevice faulty = new FaultyBlockDevice(BlockDevices.open(file, BlockDevices.Engine.AUTO), crashAt);
      DiskLog crashing = DiskLog.open(faulty, LmdbShardIndex.open(d.resolve("index").resolve(sb.diskId().toString()),
          64L << 20), TestDisks.smallOptions(), DiskObserver.NONE, TestDisks.CPU, TestDisks.BUFFERS);
      try {
        new SegmentCompactor(crashing, FAST).compactAll();
      } finally {
        crashing.close();
      }
      try (DiskLog log = TestDisks.open(file, d.resolve("index"), sb, TestDisks.smallOptions())) {
        SegmentCompactor c = new SegmentCompactor(log, FAST);
        c.cleanUpAndRecover();
        c.compactAll();
        assertThat(log.compactionRecord()).as("crash at write %d", crashAt).isNull();
        verify(log, model);
        for (int i = 0; i < 60; i++) {
          if (i % 3 != 0) {
            assertThat(log.get(new ShardKey(i, 1)).get()).as("crash at %d: deleted %d", crashAt, i).isNull();
          }
        }
      }
    }
  }

  @Test
  void compactionUnderConcurrentWritesDeletesAndReadsLosesNothing() throws Exception {
    long seed = Long.getLong("kdss.test.seed", System.nanoTime());
    SuperBlock sb = TestDisks.formatFile(disk(), 48L << 20, SEGMENT);
    try (DiskLog log = TestDisks.open(disk(), index(), sb, TestDisks.smallOptions())) {
      Map<ShardKey, byte[]> model = new ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread writer = Thread.ofPlatform().start(() -> {
        Random r = new Random(seed);
        try {
          for (int i = 0; i < 400 && failure.get() == null; i++) {
            ShardKey k = new ShardKey(r.nextInt(80), 0);
            if (r.nextInt(4) == 0) {
              log.delete(List.of(k)).get();
              model.remove(k);
            } else {
              byte[] p = payload(seed + i, k.stripeId(), 0, 20_000 + r.nextInt(100_000));
              log.put(k, segment(p), crc(p)).get();
              model.put(k, p);
            }
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        } finally {
          stop.set(true);
        }
      });
      Thread reader = Thread.ofPlatform().start(() -> {
        Random r = new Random(seed + 1);
        try {
          while (!stop.get()) {
            ShardKey k = new ShardKey(r.nextInt(80), 0);
            ShardData d = log.get(k).get();
            if (d != null) {
              assertThat(crc(d.payload())).isEqualTo(d.crc());
            }
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      });
      SegmentCompactor c = new SegmentCompactor(log, FAST);
      int freed = 0;
      while (!stop.get()) {
        freed += c.compactAll();
        TimeUnit.MILLISECONDS.sleep(5);
      }
      writer.join();
      reader.join();
      freed += c.compactAll();
      assertThat(failure.get()).as("seed %d", seed).isNull();
      assertThat(freed).as("seed %d: compaction ran", seed).isPositive();
      verify(log, model);
      assertThat(log.shardCount()).isEqualTo(model.size());
    }
  }

  private static void verify(DiskLog log, Map<ShardKey, byte[]> model) throws Exception {
    List<CompletableFuture<ShardData>> reads = new ArrayList<>();
    List<ShardKey> keys = new ArrayList<>(model.keySet());
    for (ShardKey k : keys) {
      reads.add(log.get(k));
    }
    for (int i = 0; i < keys.size(); i++) {
      ShardData d = reads.get(i).get();
      assertThat(d).as("shard %s", keys.get(i)).isNotNull();
      assertThat(d.payload()).as("shard %s", keys.get(i)).isEqualTo(model.get(keys.get(i)));
    }
    for (int s = 0; s < log.segmentCount(); s++) {
      if (log.segmentStats(s).state() == SegmentState.FREE) {
        assertThat(log.segmentStats(s).liveBytes()).isZero();
      }
    }
  }
}
