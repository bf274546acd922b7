package io.kdss.s3.backend;

/**
 * One page request of a key listing: keys that start with {@code prefix} (empty: all), strictly
 * after {@code after} (the v1 marker, the v2 start-after or decoded continuation token; empty:
 * from the start), grouped at the first {@code delimiter} after the prefix (null: no grouping),
 * at most {@code maxKeys} keys and common prefixes together.
 */
public record ListQuery(String prefix, String delimiter, String after, int maxKeys) {

  public static final int MAX_KEYS = 1000;

  public ListQuery {
    prefix = prefix == null ? "" : prefix;
    after = after == null ? "" : after;
    delimiter = delimiter == null || delimiter.isEmpty() ? null : delimiter;
  }
}
