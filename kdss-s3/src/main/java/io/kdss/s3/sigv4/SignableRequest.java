package io.kdss.s3.sigv4;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of an HTTP request a signature covers, immutable: method, raw (still
 * percent-encoded) path, decoded query parameters in order, and headers by lower-case name
 * with every value in arrival order. SigV4 is computed from this alone.
 */
public record SignableRequest(String method, String rawPath, List<QueryParam> query,
    Map<String, List<String>> headers) {

  public SignableRequest {
    query = List.copyOf(query);
    TreeMap<String, List<String>> copy = new TreeMap<>();
    headers.forEach((k, v) -> copy.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
    copy.replaceAll((k, v) -> List.copyOf(v));
    headers = Collections.unmodifiableMap(copy);
  }

  /** Builds a request from a raw query string and header pairs (tests and the HTTP layer). */
  public static SignableRequest of(String method, String rawPath, String rawQuery, Map<String, List<String>> headers) {
    return new SignableRequest(method, rawPath, QueryParam.parse(rawQuery), headers);
  }

  /** The first value of a header, or null. */
  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  public boolean hasQuery(String name) {
    for (QueryParam p : query) {
      if (p.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** The first value of a query parameter, or null when absent. */
  public String queryParam(String name) {
    for (QueryParam p : query) {
      if (p.name().equals(name)) {
        return p.value();
      }
    }
    return null;
  }
}
