package io.kdss.meta.embedded;

import java.util.Collection;
import java.util.Map;

/** Rough heap size of a stored value, for H2's page cache accounting (not exact, cheap). */
final class MemoryEstimate {

  private MemoryEstimate() {
  }

  static int of(Object value) {
    if (value == null) {
      return 0;
    }
    if (value instanceof String s) {
      return 40 + s.length();
    }
    if (value instanceof Map<?, ?> map) {
      int bytes = 64;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        bytes += 40 + of(e.getKey()) + of(e.getValue());
      }
      return bytes;
    }
    if (value instanceof Collection<?> list) {
      int bytes = 40;
      for (Object element : list) {
        bytes += 8 + of(element);
      }
      return bytes;
    }
    return 24;
  }
}
