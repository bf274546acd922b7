package io.kdss.s3.backend;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.util.Locale;

/**
 * The precondition of a conditional write (PutObject, CopyObject, CompleteMultipartUpload):
 * {@code If-None-Match: *} stores the object only if the key has none ({@code ifAbsent}), and
 * {@code If-Match: "etag"} only if the key's current object has that ETag ({@code ifMatchEtag},
 * hex, unquoted). A backend checks it atomically with making the object visible: a condition
 * that does not hold is PreconditionFailed (NoSuchKey for If-Match on a key without an object),
 * and nothing of the write stays.
 */
public record WriteCondition(boolean ifAbsent, String ifMatchEtag) {

  /** An unconditional write. */
  public static final WriteCondition NONE = new WriteCondition(false, null);

  /**
   * The condition of a write's headers. S3 takes only {@code *} for If-None-Match on a write
   * and an ETag for If-Match; anything else is NotImplemented, refused before a byte of the
   * body is read.
   */
  public static WriteCondition of(String ifNoneMatch, String ifMatch) {
    boolean absent = false;
    if (ifNoneMatch != null) {
      if (!ifNoneMatch.strip().equals("*")) {
        throw new S3Exception(S3ErrorCode.NotImplemented, "A write takes only If-None-Match: * (store only if the key"
            + " has no object); it was '" + ifNoneMatch + "'.").detail("Header", "If-None-Match");
      }
      absent = true;
    }
    String etag = null;
    if (ifMatch != null) {
      String raw = ifMatch.strip();
      etag = unquote(raw);
      if (etag.isEmpty() || etag.equals("*") || raw.contains(",") || raw.startsWith("W/")) {
        throw new S3Exception(S3ErrorCode.NotImplemented, "A write takes If-Match with one ETag (the current object's);"
            + " it was '" + ifMatch + "'.").detail("Header", "If-Match");
      }
    }
    return absent || etag != null ? new WriteCondition(absent, etag) : NONE;
  }

  /** Whether the write has a condition at all. */
  public boolean conditional() {
    return ifAbsent || ifMatchEtag != null;
  }

  private static String unquote(String v) {
    String s = v.strip();
    String bare = s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    return bare.toLowerCase(Locale.ROOT);
  }
}
