package io.kdss.s3.sigv4;

import java.util.ArrayList;
import java.util.List;

/** One decoded query parameter; {@code value} is empty for a bare {@code ?acl}. */
public record QueryParam(String name, String value) {

  /** Splits and decodes a raw query string (without '?'), keeping order and duplicates. */
  public static List<QueryParam> parse(String rawQuery) {
    List<QueryParam> out = new ArrayList<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    int start = 0;
    while (start <= rawQuery.length()) {
      int amp = rawQuery.indexOf('&', start);
      int end = amp < 0 ? rawQuery.length() : amp;
      if (end > start) {
        String part = rawQuery.substring(start, end);
        int eq = part.indexOf('=');
        String name = eq < 0 ? part : part.substring(0, eq);
        String value = eq < 0 ? "" : part.substring(eq + 1);
        out.add(new QueryParam(UriEncoding.decode(name, true), UriEncoding.decode(value, true)));
      }
      if (amp < 0) {
        break;
      }
      start = amp + 1;
    }
    return out;
  }
}
