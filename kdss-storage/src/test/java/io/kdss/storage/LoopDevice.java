package io.kdss.storage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A loop device this test attached over a sparse file (root only); {@link #close()} detaches exactly it. */
public final class LoopDevice implements AutoCloseable {

  private final Path device;

  private LoopDevice(Path device) {
    this.device = device;
  }

  /** Attaches a new sparse file of {@code bytes} as /dev/loopN (with direct I/O to the backing file when asked). */
  public static LoopDevice attach(Path backing, long bytes, boolean directIo) throws IOException, InterruptedException {
    try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "rw")) {
      f.setLength(bytes);
    }
    String out = run(List.of("losetup", "-f", "--show", "--direct-io=" + (directIo ? "on" : "off"), backing.toString()));
    return new LoopDevice(Path.of(out.trim()));
  }

  public Path path() {
    return device;
  }

  static String run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    run(List.of("losetup", "-d", device.toString()));
  }
}
