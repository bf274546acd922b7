package io.kdss.s3.backend;

import java.util.List;

/**
 * One page of a key listing in key order: objects and common prefixes, whether more follow, and
 * the last key or prefix returned (the next page starts after it).
 */
public record ListPage(List<ObjectInfo> objects, List<String> commonPrefixes, boolean truncated,
    String lastReturned) {

  public ListPage {
    objects = List.copyOf(objects);
    commonPrefixes = List.copyOf(commonPrefixes);
  }
}
