package io.kdss.s3.cors;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.util.List;
import java.util.Set;

/** A bucket's CORS configuration: up to 100 rules, the first matching one applies. */
public record CorsConfiguration(List<CorsRule> rules) {

  public static final int MAX_RULES = 100;
  public static final Set<String> METHODS = Set.of("GET", "PUT", "POST", "DELETE", "HEAD");

  public CorsConfiguration {
    rules = List.copyOf(rules);
  }

  /** S3's checks on PutBucketCors: methods, wildcards, counts. */
  public void validate() {
    if (rules.isEmpty() || rules.size() > MAX_RULES) {
      throw new S3Exception(S3ErrorCode.MalformedXML, "A CORS configuration holds 1 to " + MAX_RULES + " CORSRules.");
    }
    for (CorsRule r : rules) {
      if (r.allowedOrigins().isEmpty() || r.allowedMethods().isEmpty()) {
        throw new S3Exception(S3ErrorCode.MalformedXML, "Each CORSRule needs an AllowedOrigin and an AllowedMethod.");
      }
      for (String m : r.allowedMethods()) {
        if (!METHODS.contains(m)) {
          throw new S3Exception(S3ErrorCode.InvalidRequest,
              "Found unsupported HTTP method in CORS config. Unsupported method is " + m);
        }
      }
      for (String o : r.allowedOrigins()) {
        if (o.indexOf('*') != o.lastIndexOf('*')) {
          throw new S3Exception(S3ErrorCode.InvalidRequest,
              "AllowedOrigin \"" + o + "\" can not have more than one wildcard.");
        }
      }
      for (String h : r.allowedHeaders()) {
        if (h.indexOf('*') != h.lastIndexOf('*')) {
          throw new S3Exception(S3ErrorCode.InvalidRequest,
              "AllowedHeader \"" + h + "\" can not have more than one wildcard.");
        }
      }
    }
  }
}
