package io.kdss.bench;

import io.kdss.storage.disk.ShardKey;
import io.kdss.storage.format.DiskFormatter;
import io.kdss.storage.index.LmdbShardIndex;
import io.kdss.storage.io.AlignedBuffers;
import io.kdss.storage.io.BlockDevices;
import io.kdss.storage.log.DiskLog;
import io.kdss.storage.log.DiskLogOptions;
import io.kdss.storage.log.DiskObserver;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import java.util.zip.CRC32C;

/**
 * Drives one freshly formatted disk's storage engine ({@link DiskLog} over io_uring) the way
 * the data plane does: {@code depth} requests in flight from one submitting thread, writes
 * acknowledged only once durable, reads verified. Each workload warms up for a second, then
 * measures throughput and the JVM's CPU seconds per GiB over its window.
 */
final class EngineLoad implements AutoCloseable {

  private static final int MIB = 1 << 20;
  /** Share of the disk's capacity a write run may fill (the log keeps a free segment for compaction). */
  private static final double FILL_LIMIT = 0.8;

  private final DiskLog log;
  private final ExecutorService cpu;
  private long written;

  private EngineLoad(DiskLog log, ExecutorService cpu) {
    this.log = log;
    this.cpu = cpu;
  }

  /** Formats {@code dev} (a new disk id, so nothing of an earlier run is ever read) and opens it. */
  static EngineLoad format(Path dev, Path indexDir) throws Exception {
    var sb = DiskFormatter.format(dev, new DiskFormatter.Request(UUID.randomUUID(), "bench", 256L * MIB, true),
        s -> { });
    ExecutorService cpu = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().factory());
    DiskLog log = DiskLog.open(BlockDevices.open(dev, BlockDevices.Engine.IO_URING),
        LmdbShardIndex.open(indexDir.resolve("index-" + sb.diskId()), 1L << 30), new DiskLogOptions(),
        DiskObserver.NONE, cpu, new AlignedBuffers());
    return new EngineLoad(log, cpu);
  }

  /** Sequential shard writes (stripe ids 0, 1, 2, ...) until {@code seconds} pass or the disk is nearly full. */
  Throughput writes(int shardBytes, int depth, int seconds) throws Exception {
    byte[] payload = new byte[shardBytes];
    new Random(1).nextBytes(payload);
    CRC32C c = new CRC32C();
    c.update(payload);
    int crc = (int) c.getValue();
    MemorySegment seg = MemorySegment.ofArray(payload);
    long budget = (long) (log.space().capacityBytes() * FILL_LIMIT);
    long perShard = (shardBytes + 64 + 4095) & ~4095L;
    Throughput r = drive(depth, seconds, i -> {
      if ((i + 1) * perShard > budget) {
        return null;
      }
      written = i + 1;
      return log.put(new ShardKey(i, 0), seg, crc).thenApply(loc -> (long) shardBytes);
    });
    return r;
  }

  /**
   * Random reads of the shards the last write run stored, for {@code seconds}: verified into
   * pooled buffers and released, as the data plane does before the bytes go to the socket.
   */
  Throughput reads(int depth, int seconds) throws Exception {
    long shards = written;
    Random rnd = new Random(2);
    return drive(depth, seconds, i -> log.read(new ShardKey(rnd.nextLong(shards), 0)).thenApply(b -> {
      if (b == null) {
        throw new IllegalStateException("a written shard is missing");
      }
      try (b) {
        return b.payload().byteSize();
      }
    }));
  }

  /**
   * Runs operations ({@code op(i)} returns bytes moved, or null when there is nothing left to
   * do) with {@code depth} in flight; measures after one second of warm-up.
   */
  private Throughput drive(int depth, int seconds, LongFunction<CompletableFuture<Long>> op) throws Exception {
    Semaphore inFlight = new Semaphore(depth);
    AtomicLong bytes = new AtomicLong();
    AtomicLong ops = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
    long start = 0;
    long startBytes = 0;
    long startOps = 0;
    double startCpu = 0;
    for (long i = 0; System.nanoTime() < end && failure.get() == null; i++) {
      if (start == 0 && System.nanoTime() >= warmEnd) {
        start = System.nanoTime();
        startBytes = bytes.get();
        startOps = ops.get();
        startCpu = ProcessCpu.seconds();
      }
      inFlight.acquire();
      CompletableFuture<Long> f = op.apply(i);
      if (f == null) {
        inFlight.release();
        break;
      }
      f.whenComplete((n, err) -> {
        if (err != null) {
          failure.compareAndSet(null, err);
        } else {
          bytes.addAndGet(n);
          ops.incrementAndGet();
        }
        inFlight.release();
      });
    }
    inFlight.acquire(depth);
    inFlight.release(depth);
    if (failure.get() != null) {
      throw new IllegalStateException("storage engine operation failed", failure.get());
    }
    if (start == 0) {
      throw new IllegalStateException("the disk filled up during the warm-up: give the benchmark a larger --size");
    }
    double secs = (System.nanoTime() - start) / 1e9;
    double cpuSecs = ProcessCpu.seconds() - startCpu;
    double gib = (bytes.get() - startBytes) / (double) (1L << 30);
    return new Throughput((bytes.get() - startBytes) / secs / MIB, (ops.get() - startOps) / secs, cpuSecs / gib);
  }

  @Override
  public void close() {
    log.close();
    cpu.shutdown();
  }
}
