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
import io.kdss.storage.health.DiskHealth;
import io.kdss.storage.health.HealthLevel;
import io.kdss.storage.health.HealthOptions;
import io.kdss.storage.index.LmdbShardIndex;
import io.kdss.storage.index.ShardLocation;
import io.kdss.storage.io.BlockDevice;
import io.kdss.storage.io.BlockDevices;
import io.kdss.storage.io.ForwardingBlockDevice;
import io.kdss.storage.io.GatedBlockDevice;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The append thread under failures of what it depends on, and under sustained load. */
class AppendWriterTest {

  private static final long SEGMENT = 4L << 20;

  @TempDir
  Path dir;

  private Path file() {
    return dir.resolve("disk.img");
  }

  private static CompletableFuture<ShardLocation> put(DiskLog log, int stripe, int bytes) {
    byte[] p = payload(31, stripe, 0, bytes);
    return log.put(new ShardKey(stripe, 0), segment(p), crc(p));
  }

  @Test
  void aFullIndexStopsTheWriterCleanlyAndTheDiskTurnsReadOnlyAndFailed() throws Exception {
    SuperBlock sb = TestDisks.formatFile(file(), 64L << 20, SEGMENT);
    DiskHealth health = new DiskHealth("t", new HealthOptions(), new SimpleMeterRegistry());
    // A 256 KiB LMDB map fills after a few thousand shards.
    try (DiskLog log = DiskLog.open(BlockDevices.open(file(), BlockDevices.Engine.AUTO),
        LmdbShardIndex.open(dir.resolve("index"), 256L << 10), TestDisks.smallOptions(), health, TestDisks.CPU,
        TestDisks.BUFFERS)) {
      List<Integer> acked = new ArrayList<>();
      Throwable failure = null;
      for (int window = 0; window < 100 && failure == null; window++) {
        List<CompletableFuture<ShardLocation>> puts = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          puts.add(put(log, window * 500 + i, 100));
        }
        for (int i = 0; i < puts.size(); i++) {
          try {
            puts.get(i).get(30, TimeUnit.SECONDS);
            acked.add(window * 500 + i);
          } catch (ExecutionException e) {
            failure = failure != null ? failure : e.getCause();
          }
        }
      }
      assertThat(failure).as("the index filled up").isInstanceOf(StorageException.Unavailable.class)
          .hasMessageContaining("index failed");
      assertThat(log.failure()).contains("index failed");
      assertThat(log.mode()).isEqualTo(SuperBlock.Mode.READONLY);
      assertThat(health.combined()).isEqualTo(HealthLevel.FAILED);
      assertThat(health.toJson().getJsonObject("io").getString("fatal")).contains("index failed");
      CompletableFuture<ShardLocation> late = put(log, 1_000_000, 100);
      assertThat(late).as("a later write fails at once, never hangs").failsWithin(Duration.ofSeconds(5));
      for (int k : acked.subList(0, Math.min(50, acked.size()))) {
        assertThat(log.get(new ShardKey(k, 0)).get().payload()).isEqualTo(payload(31, k, 0, 100));
      }
    }
  }

  @Test
  void batchesReadThroughAtMostTheBatchesInFlight() throws Exception {
    SuperBlock sb = TestDisks.formatFile(file(), 256L << 20, SEGMENT);
    DiskLogOptions options = TestDisks.smallOptions().setMaxBatchBytes(64 << 10);
    try (DiskLog log = TestDisks.open(file(), dir.resolve("index"), sb, options)) {
      List<Thread> writers = new ArrayList<>();
      ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
      for (int t = 0; t < 4; t++) {
        int base = t * 100_000;
        writers.add(Thread.ofPlatform().start(() -> {
          try {
            for (int round = 0; round < 40; round++) {
              List<CompletableFuture<ShardLocation>> puts = new ArrayList<>();
              for (int i = 0; i < 50; i++) {
                puts.add(put(log, base + round * 50 + i, 4096));
              }
              for (CompletableFuture<ShardLocation> f : puts) {
                f.get();
              }
            }
          } catch (Throwable e) {
            errors.add(e);
          }
        }));
      }
      for (Thread w : writers) {
        w.join();
      }
      assertThat(errors).isEmpty();
      assertThat(log.writer().deepestChain()).isBetween(2, options.maxBatchesInFlight());
    }
  }

  @Test
  void aSuperBlockWriteIsNeverSubmittedAfterAFailedBatch() throws Exception {
    SuperBlock sb = TestDisks.formatFile(file(), 64L << 20, SEGMENT);
    CompletableFuture<Void> gate = new CompletableFuture<>();
    FirstWriteFails dev = new FirstWriteFails(BlockDevices.open(file(), BlockDevices.Engine.AUTO), gate);
    try (DiskLog log = DiskLog.open(dev, LmdbShardIndex.open(dir.resolve("index"), 64L << 20),
        TestDisks.smallOptions(), DiskObserver.NONE, TestDisks.CPU, TestDisks.BUFFERS)) {
      CompletableFuture<ShardLocation> first = put(log, 1, 10_000);
      while (dev.writes.get() < 1) {
        Thread.onSpinWait();
      }
      CompletableFuture<Void> mode = log.setMode(SuperBlock.Mode.READONLY);
      Thread.sleep(300);
      gate.complete(null);
      assertThatThrownBy(() -> first.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(StorageException.Unavailable.class);
      assertThatThrownBy(() -> mode.get(30, TimeUnit.SECONDS)).hasMessageContaining("an earlier write failed");
      assertThat(dev.offsets).as("no write of block 0 after the failed batch").doesNotContain(0L);
    }
  }

  @Test
  void aPayloadChangedAfterItWasHandedOverIsRefusedAndItsBatchNeighboursAreStored() throws Exception {
    SuperBlock sb = TestDisks.formatFile(file(), 64L << 20, SEGMENT);
    CompletableFuture<Void> gate = new CompletableFuture<>();
    GatedBlockDevice dev = new GatedBlockDevice(BlockDevices.open(file(), BlockDevices.Engine.AUTO), gate);
    // One batch in flight: while the first waits at the gate, the next requests stay queued.
    DiskLogOptions options = TestDisks.smallOptions().setMaxBatchesInFlight(1);
    byte[] changed = payload(32, 2, 0, 70_000);
    byte[] after = payload(31, 3, 0, 70_000);
    try (DiskLog log = DiskLog.open(dev, LmdbShardIndex.open(dir.resolve("index"), 64L << 20), options,
        DiskObserver.NONE, TestDisks.CPU, TestDisks.BUFFERS)) {
      CompletableFuture<ShardLocation> first = put(log, 1, 70_000);
      while (dev.writes.get() < 1) {
        Thread.onSpinWait();
      }
      CompletableFuture<ShardLocation> second = log.put(new ShardKey(2, 0), segment(changed), crc(changed));
      CompletableFuture<ShardLocation> third = log.put(new ShardKey(3, 0), segment(after), crc(after));
      changed[12_345] ^= 0x10;
      gate.complete(null);
      first.get(30, TimeUnit.SECONDS);
      assertThatThrownBy(() -> second.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(StorageException.Corrupt.class).hasMessageContaining("does not match");
      third.get(30, TimeUnit.SECONDS);
      assertThat(log.stat(new ShardKey(2, 0))).as("nothing stored for the changed payload").isNull();
      assertThat(log.get(new ShardKey(3, 0)).get().payload()).isEqualTo(after);
    }
    try (DiskLog log = DiskLog.open(BlockDevices.open(file(), BlockDevices.Engine.AUTO),
        LmdbShardIndex.open(dir.resolve("index"), 64L << 20), options, DiskObserver.NONE, TestDisks.CPU,
        TestDisks.BUFFERS)) {
      assertThat(log.stat(new ShardKey(2, 0))).isNull();
      assertThat(log.get(new ShardKey(3, 0)).get().payload()).as("the log chain holds past the refused record")
          .isEqualTo(after);
      assertThat(log.get(new ShardKey(1, 0)).get().payload()).isEqualTo(payload(31, 1, 0, 70_000));
    }
  }

  /** Fails the first write (after a gate opens) without writing anything; records the offsets of later ones. */
  private static final class FirstWriteFails extends ForwardingBlockDevice {
    private final CompletableFuture<Void> gate;
    final AtomicInteger writes = new AtomicInteger();
    final ConcurrentLinkedQueue<Long> offsets = new ConcurrentLinkedQueue<>();

    FirstWriteFails(BlockDevice real, CompletableFuture<Void> gate) {
      super(real);
      this.gate = gate;
    }

    @Override
    public CompletableFuture<Void> write(List<IoSlice> slices, boolean durable) {
      if (writes.incrementAndGet() == 1) {
        return gate.thenCompose(v -> CompletableFuture.failedFuture(new IOException("simulated write error")));
      }
      slices.forEach(s -> offsets.add(s.offset()));
      return real.write(slices, durable);
    }
  }
}
