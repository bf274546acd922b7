package io.kdss.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reserves hugetlb pages ({@code /proc/sys/vm/nr_hugepages}) for fio's {@code --mem=shmhuge}
 * buffers while the storage benchmark runs, and gives them back after: KDSS's I/O buffers
 * are huge-page backed (THP), so fio gets the same advantage for a fair comparison.
 */
final class HugePages implements AutoCloseable {

  private static final Path KNOB = Path.of("/proc/sys/vm/nr_hugepages");
  private static final Path COMPACT = Path.of("/proc/sys/vm/compact_memory");
  private final long before;

  private HugePages(long before) {
    this.before = before;
  }

  /**
   * Makes sure at least {@code pages} 2 MiB pages are reserved (compacting memory once if it
   * is too fragmented); fails if the kernel cannot find them.
   */
  static HugePages reserve(long pages) throws IOException {
    long before = read();
    if (before < pages) {
      for (int attempt = 0; attempt < 5 && read() < pages; attempt++) {
        if (attempt > 0) {
          Files.writeString(COMPACT, "1");
        }
        Files.writeString(KNOB, String.valueOf(pages));
      }
      long now = read();
      if (now < pages) {
        Files.writeString(KNOB, String.valueOf(before));
        throw new IOException("could reserve only " + now + " of " + pages + " huge pages for fio's buffers");
      }
    }
    return new HugePages(before);
  }

  /** Files.readString reads a /proc file by its reported size and cuts it short: read lines. */
  private static long read() throws IOException {
    return Long.parseLong(Files.readAllLines(KNOB).getFirst().trim());
  }

  @Override
  public void close() throws IOException {
    Files.writeString(KNOB, String.valueOf(before));
  }
}
