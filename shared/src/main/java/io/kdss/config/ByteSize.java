package io.kdss.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints byte sizes: {@code 4096}, {@code 64KiB}, {@code 8GiB}, {@code 1TB}. */
public final class ByteSize {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgtp]?)(i?)b?", Pattern.CASE_INSENSITIVE);

  private ByteSize() {
  }

  public static long parse(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size (examples: 4096, 64MiB, 8GiB)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    long base = m.group(3).isEmpty() && !unit.isEmpty() ? 1000 : 1024;
    int power = "kmgtp".indexOf(unit.isEmpty() ? '-' : unit.charAt(0)) + 1;
    long factor = 1;
    for (int i = 0; i < power; i++) {
      factor = Math.multiplyExact(factor, base);
    }
    return Math.multiplyExact(n, factor);
  }

  /** {@code 1.5 GiB}-style text for logs and progress lines. */
  public static String format(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
