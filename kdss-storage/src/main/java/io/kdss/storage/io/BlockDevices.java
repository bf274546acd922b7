package io.kdss.storage.io;

import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a disk with the best I/O path this machine offers: io_uring with O_DIRECT; the
 * FileChannel fallback where io_uring cannot be set up; buffered I/O (still fdatasync'd)
 * where the filesystem refuses O_DIRECT (tmpfs). Each fallback is logged with its reason.
 */
public final class BlockDevices {

  private static final Logger LOG = LoggerFactory.getLogger(BlockDevices.class);

  /** Which engine to use: {@code auto} (io_uring if possible), {@code io_uring} (required), {@code filechannel}. */
  public enum Engine {
    AUTO, IO_URING, FILECHANNEL
  }

  private BlockDevices() {
  }

  public static BlockDevice open(Path path, Engine engine) throws IOException {
    String p = path.toString();
    boolean direct = true;
    int fd;
    try {
      fd = LibC.open(p, LibC.O_RDWR | LibC.O_DIRECT | LibC.O_CLOEXEC);
    } catch (LibC.ErrnoException e) {
      if (e.errno() != LibC.EINVAL) {
        throw e;
      }
      LOG.atWarn().addKeyValue("disk", p).log("O_DIRECT not supported here (tmpfs?): buffered I/O, still fdatasync'd before every ack");
      direct = false;
      fd = LibC.open(p, LibC.O_RDWR | LibC.O_CLOEXEC);
    }
    if (engine != Engine.FILECHANNEL) {
      try {
        return new UringBlockDevice(p, fd, direct);
      } catch (IOException | RuntimeException | LinkageError e) {
        if (engine == Engine.IO_URING) {
          LibC.close(fd);
          throw new IOException("io_uring unavailable for " + p + ": " + e.getMessage(), e);
        }
        LOG.atWarn().addKeyValue("disk", p).addKeyValue("reason", String.valueOf(e.getMessage()))
            .log("io_uring unavailable: falling back to FileChannel I/O");
      }
    }
    LibC.close(fd);
    return new ChannelBlockDevice(path, direct, false);
  }

  /** Whether io_uring can be set up in this process (for /health and benchmarks). */
  public static String ioUringProbe() {
    try (IoRing r = IoRing.open(4)) {
      return "available (" + r.sqEntries() + " entries)";
    } catch (IOException | RuntimeException | LinkageError e) {
      return "unavailable: " + e.getMessage();
    }
  }
}
