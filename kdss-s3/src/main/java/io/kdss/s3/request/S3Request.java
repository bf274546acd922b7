package io.kdss.s3.request;

import io.kdss.s3.sigv4.SignableRequest;

/**
 * A parsed S3 request: the signable HTTP view, the bucket and key it addresses (null when
 * absent; both decoded and validated), how the bucket was addressed, and the operation.
 */
public record S3Request(SignableRequest http, String bucket, String key, boolean virtualHosted,
    S3Operation operation) {

  /** The S3 resource for error documents: {@code /bucket/key}, {@code /bucket} or {@code /}. */
  public String resource() {
    if (bucket == null) {
      return "/";
    }
    return key == null ? "/" + bucket : "/" + bucket + "/" + key;
  }

  public String query(String name) {
    return http.queryParam(name);
  }

  public boolean hasQuery(String name) {
    return http.hasQuery(name);
  }

  public String header(String name) {
    return http.header(name);
  }
}
