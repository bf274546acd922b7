package io.kdss.s3.backend;

import java.time.Instant;

/**
 * One stored object version: size in bytes, ETag without quotes (hex MD5 of the body for a
 * single PUT, {@code md5-of-part-md5s-N} for multipart), last-modified time, metadata.
 */
public record ObjectInfo(String bucket, String key, long size, String etag, Instant lastModified,
    ObjectMeta meta) {

  public static final String STORAGE_CLASS = "STANDARD";

  /** The ETag header value: quoted, as S3 sends it. */
  public String quotedEtag() {
    return "\"" + etag + "\"";
  }
}
