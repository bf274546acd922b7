package io.kdss.s3.backend;

import java.util.Map;
import java.util.TreeMap;

/**
 * The client-supplied metadata stored with an object and returned on GET/HEAD: the standard
 * content headers (null when absent) and user metadata ({@code x-amz-meta-NAME}, NAME lower-cased).
 */
public record ObjectMeta(String contentType, String contentEncoding, String contentDisposition,
    String cacheControl, String contentLanguage, String expires, Map<String, String> userMetadata) {

  public static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";

  public ObjectMeta {
    userMetadata = userMetadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(userMetadata));
  }

  public static ObjectMeta empty() {
    return new ObjectMeta(null, null, null, null, null, null, Map.of());
  }

  /** The Content-Type to answer with: S3 answers {@value #DEFAULT_CONTENT_TYPE} when none was given. */
  public String effectiveContentType() {
    return contentType == null ? DEFAULT_CONTENT_TYPE : contentType;
  }
}
