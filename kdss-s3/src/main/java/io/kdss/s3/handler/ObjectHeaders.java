package io.kdss.s3.handler;

import io.kdss.s3.backend.ObjectInfo;
import io.kdss.s3.backend.ObjectMeta;
import io.kdss.s3.conditional.HttpDates;
import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.sigv4.SignableRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Object metadata from request headers, and back to response headers (GET and HEAD alike). */
public final class ObjectHeaders {

  /** S3's limit on user metadata: names and values of x-amz-meta-* together. */
  public static final int MAX_USER_METADATA_BYTES = 2048;
  static final String META_PREFIX = "x-amz-meta-";

  private ObjectHeaders() {
  }

  public static ObjectMeta fromRequest(SignableRequest r) {
    Map<String, String> user = new TreeMap<>();
    int bytes = 0;
    for (Map.Entry<String, List<String>> e : r.headers().entrySet()) {
      if (e.getKey().startsWith(META_PREFIX) && e.getKey().length() > META_PREFIX.length()) {
        String name = e.getKey().substring(META_PREFIX.length());
        String value = String.join(",", e.getValue());
        bytes += name.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
        user.put(name, value);
      }
    }
    if (bytes > MAX_USER_METADATA_BYTES) {
      throw new S3Exception(S3ErrorCode.MetadataTooLarge).detail("Size", Integer.toString(bytes))
          .detail("MaxSizeAllowed", Integer.toString(MAX_USER_METADATA_BYTES));
    }
    String contentEncoding = stripAwsChunked(r.header("content-encoding"));
    return new ObjectMeta(r.header("content-type"), contentEncoding, r.header("content-disposition"),
        r.header("cache-control"), r.header("content-language"), r.header("expires"), user);
  }

  /** aws-chunked is a transfer detail of the upload, not the object's encoding: S3 drops it. */
  static String stripAwsChunked(String contentEncoding) {
    if (contentEncoding == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (String part : contentEncoding.split(",")) {
      String p = part.strip();
      if (!p.isEmpty() && !p.equalsIgnoreCase("aws-chunked")) {
        if (!sb.isEmpty()) {
          sb.append(',');
        }
        sb.append(p);
      }
    }
    return sb.isEmpty() ? null : sb.toString();
  }

  /** ETag, Last-Modified, content headers and x-amz-meta-*, with response-* overrides applied. */
  public static void write(ObjectInfo o, Map<String, String> overrides, HttpServerResponse resp) {
    ObjectMeta m = o.meta();
    resp.putHeader("ETag", o.quotedEtag());
    resp.putHeader("Last-Modified", HttpDates.format(o.lastModified()));
    resp.putHeader("Accept-Ranges", "bytes");
    put(resp, "Content-Type", overrides.getOrDefault("response-content-type", m.effectiveContentType()));
    put(resp, "Content-Encoding", overrides.getOrDefault("response-content-encoding", m.contentEncoding()));
    put(resp, "Content-Disposition", overrides.getOrDefault("response-content-disposition", m.contentDisposition()));
    put(resp, "Cache-Control", overrides.getOrDefault("response-cache-control", m.cacheControl()));
    put(resp, "Content-Language", overrides.getOrDefault("response-content-language", m.contentLanguage()));
    put(resp, "Expires", overrides.getOrDefault("response-expires", m.expires()));
    m.userMetadata().forEach((k, v) -> resp.putHeader(META_PREFIX + k, v));
  }

  private static void put(HttpServerResponse resp, String name, String value) {
    if (value != null) {
      resp.putHeader(name, value);
    }
  }
}
