package io.kdss.s3.cors;

import java.util.List;

/** One {@code <CORSRule>}; {@code maxAgeSeconds} is -1 when unset. */
public record CorsRule(String id, List<String> allowedOrigins, List<String> allowedMethods,
    List<String> allowedHeaders, List<String> exposeHeaders, int maxAgeSeconds) {

  public CorsRule {
    allowedOrigins = List.copyOf(allowedOrigins);
    allowedMethods = List.copyOf(allowedMethods);
    allowedHeaders = List.copyOf(allowedHeaders);
    exposeHeaders = List.copyOf(exposeHeaders);
  }
}
