package io.kdss.s3.request;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Server-side encryption requests, refused: KDSS stores objects as sent, without encryption at
 * rest, so a write asking for SSE-S3 ({@code x-amz-server-side-encryption: AES256}), SSE-KMS
 * ({@code aws:kms}, its key id, context and bucket-key headers) or SSE-C (the
 * {@code x-amz-server-side-encryption-customer-*} headers, on the target or on a copy's source)
 * is NotImplemented, naming the header, before any byte of its body is read. Accepting them
 * silently would let a client believe its data is encrypted (for SSE-C: that it cannot be read
 * without its key).
 */
public final class ServerSideEncryption {

  /** The operations that write object data and take SSE headers in S3. */
  static final Set<S3Operation> WRITES = EnumSet.of(S3Operation.PutObject, S3Operation.CopyObject,
      S3Operation.CreateMultipartUpload, S3Operation.UploadPart, S3Operation.UploadPartCopy);
  static final String HEADER_PREFIX = "x-amz-server-side-encryption";
  static final String COPY_SOURCE_HEADER_PREFIX = "x-amz-copy-source-server-side-encryption";

  private ServerSideEncryption() {
  }

  /** Throws NotImplemented when a write carries a server-side encryption header. */
  public static void refuseRequested(S3Request r) {
    if (!WRITES.contains(r.operation())) {
      return;
    }
    for (Map.Entry<String, ?> h : r.http().headers().entrySet()) {
      String name = h.getKey();
      if (name.startsWith(HEADER_PREFIX) || name.startsWith(COPY_SOURCE_HEADER_PREFIX)) {
        throw new S3Exception(S3ErrorCode.NotImplemented, "KDSS does not implement server-side encryption (" + name
            + "): objects are stored as sent, not encrypted at rest. Send the request without the"
            + " x-amz-server-side-encryption* headers, or encrypt on the client.").detail("Header", name);
      }
    }
  }
}
