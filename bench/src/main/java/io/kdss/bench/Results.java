package io.kdss.bench;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * The machine-readable output of every benchmark: one line per measurement,
 * {@code RESULT <suite> key=value key=value ...}, numbers with at most 3 decimals.
 */
public final class Results {

  private Results() {
  }

  public static void print(String suite, Object... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("key=value pairs expected");
    }
    StringJoiner line = new StringJoiner(" ", "RESULT " + suite + " ", "");
    for (int i = 0; i < keyValues.length; i += 2) {
      line.add(keyValues[i] + "=" + format(keyValues[i + 1]));
    }
    System.out.println(line);
    System.out.flush();
  }

  private static String format(Object v) {
    if (v instanceof Double || v instanceof Float) {
      return String.format(Locale.ROOT, "%.3f", ((Number) v).doubleValue());
    }
    return String.valueOf(v);
  }
}
