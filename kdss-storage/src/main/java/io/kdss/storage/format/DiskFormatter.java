package io.kdss.storage.format;

import io.kdss.storage.StorageException;
import io.kdss.storage.disk.SuperBlock;
import io.kdss.storage.disk.SuperBlockPair;
import io.kdss.storage.io.AlignedBuffers;
import io.kdss.storage.io.BlockDevice;
import io.kdss.storage.io.BlockDevices;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Formats a device or file as a KDSS disk: refuses one that holds another filesystem's
 * signature or a KDSS disk of another cluster (unless forced), writes both superblock copies
 * durably, then reads back the superblocks and the first block of every segment to prove
 * the device answers. Progress goes to a callback (the CLI prints it as one line).
 */
public final class DiskFormatter {

  private DiskFormatter() {
  }

  /** What is on a device now. */
  public record Found(String signature, SuperBlock kdss) {
    public boolean blank() {
      return signature == null && kdss == null;
    }
  }

  /** Parameters of one format. */
  public record Request(UUID clusterId, String nodeId, long segmentBytes, boolean force) {
  }

  public static Found inspect(Path path) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(DiskSignature.PROBE_BYTES);
    try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "r")) {
      f.getChannel().read(head, 0);
    }
    head.flip();
    SuperBlock kdss = null;
    if (head.limit() >= 4096) {
      java.lang.foreign.MemorySegment block = java.lang.foreign.MemorySegment.ofArray(new byte[4096]);
      block.copyFrom(java.lang.foreign.MemorySegment.ofBuffer(head.duplicate().limit(4096)));
      try {
        kdss = SuperBlockPair.read(block).current();
      } catch (StorageException.Corrupt e) {
        if (SuperBlock.hasMagic(block)) {
          return new Found("damaged KDSS superblocks (" + e.getMessage() + ")", null);
        }
      }
    }
    String signature = kdss == null ? DiskSignature.detect(head) : null;
    if (kdss == null && signature == null && !isBlank(head)) {
      signature = blkid(path);
    }
    return new Found(signature, kdss);
  }

  private static boolean isBlank(ByteBuffer head) {
    for (int i = 0; i < head.limit(); i++) {
      if (head.get(i) != 0) {
        return false;
      }
    }
    return true;
  }

  /** What {@code blkid -p} recognises that our own magic table does not (zfs, bcache, ...); null if nothing. */
  private static String blkid(Path path) {
    try {
      Process p = new ProcessBuilder("blkid", "-p", "-o", "value", "-s", "TYPE", path.toString())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 && !out.isEmpty() ? out + " signature (blkid)" : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Why a format must be refused without {@code --force}, or null if it may go ahead. */
  public static String refusal(Found found, UUID clusterId) {
    if (found.kdss() != null) {
      if (!found.kdss().clusterId().equals(clusterId)) {
        return "it is a KDSS disk of another cluster (" + found.kdss().clusterId() + ", disk "
            + found.kdss().diskId() + ", node " + found.kdss().nodeId() + ")";
      }
      return "it is already a KDSS disk of this cluster (disk " + found.kdss().diskId() + "); formatting erases its shards";
    }
    if (found.signature() != null) {
      return "it holds a " + found.signature();
    }
    return null;
  }

  public static SuperBlock format(Path path, Request req, Consumer<String> progress) throws IOException {
    Found found = inspect(path);
    String why = refusal(found, req.clusterId());
    if (why != null && !req.force()) {
      throw new StorageException.Refused("refusing to format " + path + ": " + why + " (use --force to erase it)");
    }
    AlignedBuffers buffers = new AlignedBuffers();
    try (BlockDevice dev = BlockDevices.open(path, BlockDevices.Engine.AUTO)) {
      SuperBlock sb = SuperBlock.format(UUID.randomUUID(), req.clusterId(), req.nodeId(), dev.sizeBytes(),
          req.segmentBytes());
      progress.accept(String.format("%s: %d segments of %d MiB, disk %s", path, sb.segmentCount(),
          sb.segmentBytes() >> 20, sb.diskId()));
      AlignedBuffers.Buffer block = buffers.take(4096);
      try {
        block.segment().fill((byte) 0);
        sb.write(block.segment().asSlice(SuperBlock.PRIMARY_OFFSET, SuperBlock.BYTES));
        sb.write(block.segment().asSlice(SuperBlock.BACKUP_OFFSET, SuperBlock.BYTES));
        await(dev.write(List.of(new BlockDevice.IoSlice(0, block.segment())), true));
        block.segment().fill((byte) 0);
        await(dev.read(0, block.segment()));
        SuperBlock back = SuperBlockPair.read(block.segment()).current();
        if (!back.equals(sb)) {
          throw new IOException("superblock read back from " + path + " differs from the one written");
        }
        int step = Math.max(1, sb.segmentCount() / 20);
        for (int s = 0; s < sb.segmentCount(); s++) {
          await(dev.read(sb.layout().deviceOffset(s, 0), block.segment()));
          if (s % step == 0 || s == sb.segmentCount() - 1) {
            progress.accept(String.format("checking segments %d%%", (s + 1) * 100 / sb.segmentCount()));
          }
        }
      } finally {
        buffers.release(block);
      }
      return sb;
    }
  }

  private static void await(java.util.concurrent.CompletableFuture<Void> f) throws IOException {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }
}
