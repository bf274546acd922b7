package io.kdss.s3.handler;

import io.kdss.s3.conditional.Preconditions;
import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.request.BucketNames;
import io.kdss.s3.request.ObjectKeys;
import io.kdss.s3.request.S3Request;
import io.kdss.s3.sigv4.UriEncoding;

/** {@code x-amz-copy-source: [/]bucket/key[?versionId=null]} (URL-encoded) and its conditions. */
record CopySource(String bucket, String key) {

  /** The largest object a single CopyObject or UploadPartCopy may read (5 GiB), as S3. */
  static final long MAX_COPY_BYTES = 5L * 1024 * 1024 * 1024;

  static CopySource parse(String header) {
    String h = header.strip();
    int q = h.indexOf('?');
    if (q >= 0) {
      String version = h.substring(q + 1);
      if (!version.equals("versionId=null") && !version.isEmpty()) {
        throw new S3Exception(S3ErrorCode.NoSuchVersion, "KDSS keeps one version per key; only versionId=null exists.");
      }
      h = h.substring(0, q);
    }
    String decoded = UriEncoding.decode(h.startsWith("/") ? h.substring(1) : h, false);
    int slash = decoded.indexOf('/');
    if (slash <= 0 || slash == decoded.length() - 1) {
      throw new S3Exception(S3ErrorCode.InvalidArgument, "Copy Source must mention the source bucket and key:"
          + " sourcebucket/sourcekey").detail("ArgumentName", "x-amz-copy-source").detail("ArgumentValue", header);
    }
    String bucket = decoded.substring(0, slash);
    String key = decoded.substring(slash + 1);
    BucketNames.validate(bucket);
    ObjectKeys.validate(key);
    return new CopySource(bucket, key);
  }

  /**
   * The x-amz-copy-source-if-* conditions: every failure is 412 (a copy never answers 304),
   * its Condition naming the x-amz-copy-source-if-* header.
   */
  static Preconditions.Conditions conditions(S3Request r) {
    return new Preconditions.Conditions(r.header("x-amz-copy-source-if-match"),
        r.header("x-amz-copy-source-if-none-match"), r.header("x-amz-copy-source-if-modified-since"),
        r.header("x-amz-copy-source-if-unmodified-since"), "x-amz-copy-source-");
  }
}
