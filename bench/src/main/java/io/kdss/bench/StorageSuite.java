package io.kdss.bench;

import io.kdss.storage.disk.ShardKey;
import io.kdss.storage.disk.SuperBlock;
import io.kdss.storage.format.DiskFormatter;
import io.kdss.storage.index.LmdbShardIndex;
import io.kdss.storage.io.AlignedBuffers;
import io.kdss.storage.io.BlockDevices;
import io.kdss.storage.log.DiskLog;
import io.kdss.storage.log.DiskLogOptions;
import io.kdss.storage.log.DiskObserver;
import io.vertx.core.json.JsonObject;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The storage engine against fio on the same loop device, block sizes and queue depth, in
 * one run: sequential 1 MiB appends (KDSS acknowledges only after fdatasync; fio's plain
 * direct writes do not sync), 4 KiB shard writes per second, random 1 MiB reads.
 * Needs root (loop device). Options: --seconds=N, --size=GiB, --depth=N, --dir=PATH.
 */
final class StorageSuite implements BenchSuite {

  private static final int MIB = 1 << 20;

  @Override
  public String name() {
    return "storage";
  }

  @Override
  public String description() {
    return "raw-disk engine vs fio (io_uring, O_DIRECT) on one loop device: 1MiB appends, 4KiB writes, 1MiB random reads";
  }

  @Override
  public void run(BenchArgs args) throws Exception {
    if (!"root".equals(System.getProperty("user.name"))) {
      System.err.println("bench storage: needs root (it attaches a loop device)");
      System.exit(2);
    }
    int seconds = args.integer("seconds", args.quick() ? 3 : 10);
    int depth = args.integer("depth", 32);
    long size = (long) args.integer("size", args.quick() ? 2 : 4) << 30;
    Path dir = Files.createTempDirectory(Path.of(args.get("dir", "/var/tmp")), "kdss-bench-storage-");
    Path backing = dir.resolve("loop.img");
    try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "rw")) {
      f.setLength(size);
    }
    String dev = run(List.of("losetup", "-f", "--show", "--direct-io=on", backing.toString())).trim();
    System.err.printf("bench storage: %s over %s (%d GiB, direct-io), %d s per workload, queue depth %d%n",
        dev, backing, size >> 30, seconds, depth);
    try {
      double fioSeq = fio(dev, "write", "1M", depth, seconds).getJsonObject("write").getDouble("bw") / 1024.0;
      // The same writes made durable the way KDSS acknowledges them: an fdatasync per 16 MiB.
      double fioSync = fio(dev, "write", "1M", depth, seconds, "--fdatasync=16").getJsonObject("write")
          .getDouble("bw") / 1024.0;
      JsonObject fio4k = fio(dev, "write", "4k", depth, seconds).getJsonObject("write");
      double fioRand = fio(dev, "randread", "1M", depth, seconds).getJsonObject("read").getDouble("bw") / 1024.0;
      Kdss seq = kdssWrites(Path.of(dev), dir, MIB, depth, seconds, true);
      double rand;
      try {
        rand = kdssReads(seq, depth, seconds);
      } finally {
        seq.log.close();
      }
      Kdss small = kdssWrites(Path.of(dev), dir, 4096, depth, seconds, false);
      Results.print("storage", "op", "append", "bs", "1MiB", "depth", depth, "kdss_mbps", seq.mbps, "fio_mbps", fioSeq,
          "ratio", seq.mbps / fioSeq, "fio_fdatasync16_mbps", fioSync, "ratio_vs_synced", seq.mbps / fioSync);
      double fioOps = fio4k.getDouble("iops");
      Results.print("storage", "op", "write", "bs", "4KiB", "depth", depth, "kdss_ops", small.ops, "fio_ops", fioOps,
          "kdss_mbps", small.mbps, "fio_mbps", fio4k.getDouble("bw") / 1024.0, "ratio", small.ops / fioOps);
      Results.print("storage", "op", "randread", "bs", "1MiB", "depth", depth, "kdss_mbps", rand, "fio_mbps", fioRand,
          "ratio", rand / fioRand);
    } finally {
      run(List.of("losetup", "-d", dev));
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static JsonObject fio(String dev, String rw, String bs, int depth, int seconds, String... extra)
      throws Exception {
    System.err.printf("bench storage: fio %s bs=%s %s...%n", rw, bs, String.join(" ", extra));
    List<String> cmd = new ArrayList<>(List.of("fio", "--name=bench", "--filename=" + dev, "--ioengine=io_uring",
        "--direct=1", "--rw=" + rw, "--bs=" + bs, "--iodepth=" + depth, "--numjobs=1", "--size=70%", "--time_based",
        "--runtime=" + seconds, "--ramp_time=1", "--group_reporting", "--output-format=json"));
    cmd.addAll(List.of(extra));
    String out = run(cmd);
    return new JsonObject(out.substring(out.indexOf('{'))).getJsonArray("jobs").getJsonObject(0);
  }

  /** What a KDSS write run measured, and the open log with the keys it wrote (for the read run). */
  private record Kdss(DiskLog log, List<ShardKey> keys, double mbps, double ops) {
  }

  private static Kdss kdssWrites(Path dev, Path dir, int shardBytes, int depth, int seconds, boolean keepOpen)
      throws Exception {
    System.err.printf("bench storage: kdss writes of %d bytes ...%n", shardBytes);
    SuperBlock sb = DiskFormatter.format(dev, new DiskFormatter.Request(UUID.randomUUID(), "bench", 256L * MIB, true),
        s -> { });
    Path index = dir.resolve("index-" + sb.diskId());
    ExecutorService cpu = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().factory());
    DiskLog log = DiskLog.open(BlockDevices.open(dev, BlockDevices.Engine.IO_URING),
        LmdbShardIndex.open(index, 1L << 30), new DiskLogOptions(), DiskObserver.NONE, cpu, new AlignedBuffers());
    byte[] payload = new byte[shardBytes];
    new Random(1).nextBytes(payload);
    CRC32C c = new CRC32C();
    c.update(payload);
    int crc = (int) c.getValue();
    MemorySegment seg = MemorySegment.ofArray(payload);
    Semaphore inFlight = new Semaphore(depth);
    AtomicLong done = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<ShardKey> keys = new ArrayList<>();
    long limit = (long) (log.space().capacityBytes() * 0.7);
    long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    long start = 0;
    long startCount = 0;
    long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
    long written = 0;
    for (long i = 0; System.nanoTime() < end && written < limit && failure.get() == null; i++) {
      if (start == 0 && System.nanoTime() >= warmEnd) {
        start = System.nanoTime();
        startCount = done.get();
      }
      inFlight.acquire();
      ShardKey k = new ShardKey(i, 0);
      keys.add(k);
      written += shardBytes + 4096;
      log.put(k, seg, crc).whenComplete((loc, err) -> {
        if (err != null) {
          failure.compareAndSet(null, err);
        }
        done.incrementAndGet();
        inFlight.release();
      });
    }
    inFlight.acquire(depth);
    inFlight.release(depth);
    if (failure.get() != null) {
      log.close();
      throw new IllegalStateException("kdss write failed", failure.get());
    }
    double secs = (System.nanoTime() - (start == 0 ? warmEnd : start)) / 1e9;
    double ops = (done.get() - startCount) / secs;
    if (!keepOpen) {
      log.close();
    }
    return new Kdss(log, keys, ops * shardBytes / MIB, ops);
  }

  private static double kdssReads(Kdss written, int depth, int seconds) throws Exception {
    System.err.println("bench storage: kdss random 1MiB reads ...");
    Random r = new Random(2);
    Semaphore inFlight = new Semaphore(depth);
    AtomicLong bytes = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
    long start = 0;
    long startBytes = 0;
    while (System.nanoTime() < end && failure.get() == null) {
      if (start == 0 && System.nanoTime() >= warmEnd) {
        start = System.nanoTime();
        startBytes = bytes.get();
      }
      inFlight.acquire();
      ShardKey k = written.keys.get(r.nextInt(written.keys.size()));
      written.log.get(k).whenComplete((d, err) -> {
        if (err != null || d == null) {
          failure.compareAndSet(null, err != null ? err : new IllegalStateException("shard " + k + " missing"));
        } else {
          bytes.addAndGet(d.payload().length);
        }
        inFlight.release();
      });
    }
    inFlight.acquire(depth);
    if (failure.get() != null) {
      throw new IllegalStateException("kdss read failed", failure.get());
    }
    return (bytes.get() - startBytes) / ((System.nanoTime() - start) / 1e9) / MIB;
  }

  private static String run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + ")");
    }
    return out;
  }
}
