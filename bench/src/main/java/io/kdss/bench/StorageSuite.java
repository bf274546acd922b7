package io.kdss.bench;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The storage engine against fio ({@code --ioengine=io_uring --direct=1}) on the same loop
 * device, block size and queue depth, in one run: sequential 1 MiB appends, 4 KiB shard
 * writes, random 1 MiB reads. KDSS acknowledges a write only once durable, so the append and
 * 4 KiB lines also show fio with the same durability (an fdatasync every 16 MiB, and O_DSYNC
 * writes): that is the fair baseline, plain fio the ceiling.
 *
 * <p>Built for a noisy shared machine: the backing file is written in full first (no file
 * system allocation during a run), each workload runs {@code --rounds} times with KDSS and
 * fio interleaved (alternating which goes first), lines report the median with min and max,
 * and both sides' CPU seconds per GiB (the JVM's from /proc/self/stat, fio's usr + sys) so
 * a CPU-bound result shows as such. One unmeasured KDSS run comes first (JIT warm-up). Needs root (loop device).
 * Options: --seconds=N (per run), --rounds=N, --size=GiB, --depth=N, --dir=PATH,
 * --ops=append,randread,write4k, --fio=false (KDSS alone, for profiling).
 */
final class StorageSuite implements BenchSuite {

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
    StorageRounds.Settings s = new StorageRounds.Settings(args.integer("seconds", args.quick() ? 2 : 5),
        args.integer("rounds", args.quick() ? 1 : 3), args.integer("depth", 32),
        List.of(args.get("ops", "append,randread,write4k").split(",")), !"false".equals(args.get("fio", "true")));
    long size = (long) args.integer("size", args.quick() ? 2 : 8) << 30;
    Path dir = Files.createTempDirectory(Path.of(args.get("dir", "/var/tmp")), "kdss-bench-storage-");
    Path backing = dir.resolve("loop.img");
    // fio's buffers for depth x 1 MiB in huge pages, with room to spare; reserved before the
    // backing file is written, while memory is least fragmented.
    try (HugePages pages = HugePages.reserve(s.depth() + 16)) {
      fill(backing, size);
      String dev = run(List.of("losetup", "-f", "--show", "--direct-io=on", backing.toString())).trim();
      System.err.printf("bench storage: %s over %s (%d GiB, direct-io), %d rounds of %d s per run, queue depth %d%n",
          dev, backing, size >> 30, s.rounds(), s.seconds(), s.depth());
      try {
        new StorageRounds(dev, dir, s).run();
      } finally {
        run(List.of("losetup", "-d", dev));
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Writes the whole backing file so neither side pays for block allocation in the file system under the loop device. */
  private static void fill(Path file, long size) throws IOException {
    // Direct writes: filling the page cache with gigabytes would fragment memory (huge pages).
    ByteBuffer zeros = ByteBuffer.allocateDirect((8 << 20) + 4096).alignedSlice(4096);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        ExtendedOpenOption.DIRECT)) {
      for (long pos = 0; pos < size; pos += zeros.capacity()) {
        if (pos % (1L << 30) == 0) {
          System.err.printf("bench storage: writing the backing file: %d of %d GiB%n", pos >> 30, size >> 30);
        }
        zeros.clear();
        while (zeros.hasRemaining()) {
          ch.write(zeros, pos + zeros.position());
        }
      }
      ch.force(true);
    }
  }

  static String run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + ")");
    }
    return out;
  }
}
