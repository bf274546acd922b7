package io.kdss.storage;

import io.kdss.storage.disk.SuperBlock;
import io.kdss.storage.format.DiskFormatter;
import io.kdss.storage.index.LmdbShardIndex;
import io.kdss.storage.io.AlignedBuffers;
import io.kdss.storage.io.BlockDevices;
import io.kdss.storage.log.DiskLog;
import io.kdss.storage.log.DiskLogOptions;
import io.kdss.storage.log.DiskObserver;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32C;

/** Formats and opens file-backed (or loop-device) disks for tests. */
public final class TestDisks {

  public static final UUID CLUSTER = UUID.fromString("00000000-0000-0000-0000-00000000c1c1");
  public static final ExecutorService CPU = Executors.newFixedThreadPool(2,
      Thread.ofPlatform().daemon().name("test-cpu-", 0).factory());
  public static final AlignedBuffers BUFFERS = new AlignedBuffers();

  private TestDisks() {
  }

  /** A sparse file of {@code bytes}, formatted with {@code segmentBytes} segments. */
  public static SuperBlock formatFile(Path file, long bytes, long segmentBytes) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(bytes);
    }
    return format(file, segmentBytes);
  }

  public static SuperBlock format(Path device, long segmentBytes) throws IOException {
    return DiskFormatter.format(device, new DiskFormatter.Request(CLUSTER, "test-node", segmentBytes, true), s -> { });
  }

  public static DiskLog open(Path device, Path indexRoot, SuperBlock sb, DiskLogOptions options) throws IOException {
    return open(device, indexRoot, sb, options, DiskObserver.NONE);
  }

  public static DiskLog open(Path device, Path indexRoot, SuperBlock sb, DiskLogOptions options, DiskObserver observer)
      throws IOException {
    return DiskLog.open(BlockDevices.open(device, BlockDevices.Engine.AUTO),
        LmdbShardIndex.open(indexRoot.resolve(sb.diskId().toString()), 64L << 20), options, observer, CPU, BUFFERS);
  }

  public static DiskLogOptions smallOptions() {
    return new DiskLogOptions().setMaxShardBytes(1 << 20).setMaxBatchBytes(2 << 20).setScanChunkBytes(1 << 20);
  }

  /** Deterministic payload of a shard: the same (seed, stripe, index, length) always gives the same bytes. */
  public static byte[] payload(long seed, long stripe, int index, int length) {
    byte[] b = new byte[length];
    new Random(seed * 31 + stripe * 7919 + index).nextBytes(b);
    return b;
  }

  public static int crc(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b);
    return (int) c.getValue();
  }

  public static MemorySegment segment(byte[] b) {
    return MemorySegment.ofArray(b);
  }
}
