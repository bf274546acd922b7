package io.kdss.s3.http;

import io.kdss.s3.auth.Caller;
import io.kdss.s3.body.BufferStream;
import io.kdss.s3.body.RequestBody;
import io.kdss.s3.body.SmallBody;
import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.policy.PolicyParser;
import io.kdss.s3.request.S3Operation;
import io.kdss.s3.request.S3Request;
import io.kdss.s3.sigv4.PayloadMode;
import io.kdss.s3.sigv4.SigV4Signer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * The small bodies of non-upload operations (XML configurations, Delete lists, policies): read
 * whole but bounded per operation, then put through the same body stages as uploads, so their
 * Content-MD5, x-amz-content-sha256 and checksums are verified too. Except on
 * CompleteMultipartUpload, whose {@code x-amz-checksum-*} headers describe the whole object
 * ({@code x-amz-checksum-type: FULL_OBJECT} or {@code COMPOSITE}): those are accepted and not
 * verified, since checking them would mean reading the assembled object back.
 */
final class RequestDocuments {

  /** DeleteObjects (1000 keys) and CompleteMultipartUpload (10000 parts) need the most. */
  static final int MAX_LIST_BYTES = 2 * 1024 * 1024;
  static final int MAX_DEFAULT_BYTES = 64 * 1024;

  private RequestDocuments() {
  }

  static int limit(S3Operation op) {
    return switch (op) {
      case DeleteObjects, CompleteMultipartUpload -> MAX_LIST_BYTES;
      case PutBucketPolicy -> PolicyParser.MAX_POLICY_BYTES + 1024;
      default -> MAX_DEFAULT_BYTES;
    };
  }

  static Future<Buffer> read(HttpServerRequest req, S3Operation op) {
    return SmallBody.collect(req, limit(op));
  }

  /** Verifies the document's declared digests and decodes an aws-chunked one. */
  static Future<Buffer> check(S3Request s3, Buffer raw, Caller caller) {
    boolean chunked = caller.signature() != null && caller.signature().payloadMode().chunked();
    if (raw.length() == 0 && s3.header("content-length") == null && !chunked) {
      if (caller.signature() != null && caller.signature().payloadMode() == PayloadMode.SIGNED
          && !SigV4Signer.EMPTY_SHA256.equals(caller.signature().declaredSha256())) {
        return Future.failedFuture(new S3Exception(S3ErrorCode.XAmzContentSHA256Mismatch));
      }
      return Future.succeededFuture(raw);
    }
    try {
      RequestBody body = RequestBody.open(s3.http(), new BufferStream(raw), caller.signature(), limit(s3.operation()),
          s3.operation() != S3Operation.CompleteMultipartUpload);
      return SmallBody.collect(body.stream(), limit(s3.operation()));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
