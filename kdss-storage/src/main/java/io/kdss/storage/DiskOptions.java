package io.kdss.storage;

import io.kdss.config.ConfigException;
import io.kdss.config.ConfigSection;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One disk of a storage node: a block device ({@code /dev/sdb}, {@code /dev/loop3}) or, for dev
 * and tests, a file. A file with a {@code size} is created (sparse) when missing.
 */
public final class DiskOptions {

  private Path path;
  private long sizeBytes;

  public DiskOptions(Path path, long sizeBytes) {
    this.path = path;
    this.sizeBytes = sizeBytes;
  }

  /** Reads one entry of {@code storage.disks}; relative paths are under {@code dataDir}. */
  public DiskOptions(ConfigSection s, Path dataDir) {
    String p = s.requiredString("path");
    path = dataDir.resolve(p).normalize();
    sizeBytes = s.bytes("size", 0);
    s.finish();
    if (sizeBytes == 0 && !Files.exists(path)) {
      throw new ConfigException(s.keyPath("path"), path + " does not exist (give a device, or a file with a size to create)");
    }
    if (Files.isDirectory(path)) {
      throw new ConfigException(s.keyPath("path"), path + " is a directory; give a block device or a file");
    }
    if (sizeBytes != 0 && sizeBytes < 64L << 20) {
      throw new ConfigException(s.keyPath("size"), "a disk needs at least 64MiB");
    }
  }

  public Path path() {
    return path;
  }

  /** Size to create a missing file with; 0 for devices and existing files. */
  public long sizeBytes() {
    return sizeBytes;
  }
}
