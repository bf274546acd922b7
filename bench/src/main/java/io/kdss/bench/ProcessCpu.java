package io.kdss.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user + system, all threads) this JVM has used, from {@code /proc/self/stat}, so a
 * benchmark can report CPU seconds per GiB beside fio's own usr/sys figures: a result that is
 * CPU-bound on a shared machine shows as such.
 */
final class ProcessCpu {

  /** Linux reports utime/stime in clock ticks of USER_HZ, which is 100 on every mainstream build. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessCpu() {
  }

  static double seconds() {
    try {
      // Files.readString trusts the size /proc reports and may cut the text short: read lines.
      String stat = Files.readAllLines(Path.of("/proc/self/stat")).getFirst();
      // Fields after the command name (which may hold spaces) start after the last ')'.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/self/stat", e);
    }
  }

  /** The 1-minute load average, printed with results as a noise indicator. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readAllLines(Path.of("/proc/loadavg")).getFirst().split(" ")[0]);
    } catch (IOException e) {
      return Double.NaN;
    }
  }
}
