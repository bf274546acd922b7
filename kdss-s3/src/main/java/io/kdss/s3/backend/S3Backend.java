package io.kdss.s3.backend;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the gateway needs from the storage system: buckets, objects, listings, multipart
 * uploads and per-bucket documents. The gateway does everything S3-specific (auth, policies,
 * validation, checksums, preconditions, XML); an implementation only stores and finds.
 *
 * <p>Contract for every method: failures are {@link io.kdss.s3.error.S3Exception}s with the
 * S3 code that applies (NoSuchBucket, NoSuchKey, NoSuchUpload, BucketNotEmpty, InvalidPart,
 * XKdssKeyConflict...); anything else is answered as InternalError.
 *
 * <p>Bodies: a write consumes {@code body} with backpressure (it pauses the stream while its
 * own writes are in flight) and makes the object visible only when the stream ended without
 * error; if the stream fails (client gone, checksum mismatch, bad chunk signature) nothing of it
 * becomes visible and everything held is released.
 */
public interface S3Backend {

  Future<List<BucketInfo>> listBuckets(String owner);

  /** Fails with BucketAlreadyOwnedByYou or BucketAlreadyExists when the name is taken. */
  Future<BucketInfo> createBucket(String bucket, String owner, String region);

  /** Fails with NoSuchBucket. */
  Future<BucketInfo> bucket(String bucket);

  /** Fails with NoSuchBucket or BucketNotEmpty (objects or uploads in progress). */
  Future<Void> deleteBucket(String bucket);

  /** Stores a whole object; {@code etag} is the hex MD5 the gateway computed from the body. */
  Future<ObjectInfo> putObject(String bucket, String key, ObjectMeta meta, ReadStream<Buffer> body,
      BodyDigest digest);

  /**
   * PutObject with the tag set of its {@code x-amz-tagging} header. Backends that can should
   * store both in one step; this default stores the object, then its tags.
   */
  default Future<ObjectInfo> putObject(String bucket, String key, ObjectMeta meta, Map<String, String> tags,
      ReadStream<Buffer> body, BodyDigest digest) {
    Future<ObjectInfo> put = putObject(bucket, key, meta, body, digest);
    return tags.isEmpty() ? put : put.compose(info -> putObjectTags(bucket, key, tags).map(info));
  }

  /**
   * PutObject under a {@link WriteCondition}, checked atomically with making the object visible
   * (PreconditionFailed, NoSuchKey for If-Match on a missing key); a key that already fails it
   * should be refused before the body is read. Backends without conditional writes answer
   * NotImplemented rather than ignore the condition.
   */
  default Future<ObjectInfo> putObject(String bucket, String key, ObjectMeta meta, Map<String, String> tags,
      WriteCondition condition, ReadStream<Buffer> body, BodyDigest digest) {
    return condition.conditional() ? Future.failedFuture(notConditional())
        : putObject(bucket, key, meta, tags, body, digest);
  }

  private static S3Exception notConditional() {
    return new S3Exception(S3ErrorCode.NotImplemented,
        "This storage backend does not serve conditional writes (If-None-Match, If-Match).");
  }

  /** Opens the current version for reading; fails with NoSuchKey. */
  Future<ObjectHandle> openObject(String bucket, String key);

  /** Removes the key; succeeds when it did not exist (S3's DeleteObject is idempotent). */
  Future<Void> deleteObject(String bucket, String key);

  Future<ListPage> listObjects(String bucket, ListQuery query);

  /** The object's tag set (empty when none); fails with NoSuchKey. */
  Future<Map<String, String>> objectTags(String bucket, String key);

  /** Replaces the object's tag set (empty: delete it); fails with NoSuchKey. */
  Future<Void> putObjectTags(String bucket, String key, Map<String, String> tags);

  /** A stored per-bucket document, empty when none is set; fails with NoSuchBucket. */
  Future<Optional<String>> bucketConfig(String bucket, BucketConfig kind);

  /** Stores ({@code document} non-null) or removes (null) a per-bucket document. */
  Future<Void> putBucketConfig(String bucket, BucketConfig kind, String document);

  /** Starts an upload; the completed object gets {@code meta} and the tag set {@code tags} (x-amz-tagging). */
  Future<MultipartUpload> createMultipartUpload(String bucket, String key, ObjectMeta meta, Map<String, String> tags,
      String owner);

  /** Stores one part (replacing a part with the same number); fails with NoSuchUpload. */
  Future<PartInfo> uploadPart(String bucket, String key, String uploadId, int partNumber,
      ReadStream<Buffer> body, BodyDigest digest);

  /**
   * Assembles the listed parts (already checked by the gateway to be in ascending order) into
   * the object. Fails with NoSuchUpload, InvalidPart (a part missing or its ETag differs) or
   * EntityTooSmall (a part other than the last below 5 MiB): see {@link MultipartRules}.
   */
  Future<ObjectInfo> completeMultipartUpload(String bucket, String key, String uploadId,
      List<CompletedPart> parts);

  /**
   * Completion under a {@link WriteCondition}: a condition that does not hold when the upload is
   * checked is PreconditionFailed (NoSuchKey for If-Match on a missing key) and leaves the upload
   * in progress; one broken by a concurrent write before the object is made visible is
   * ConditionalRequestConflict, and the upload is gone (S3's behaviour).
   */
  default Future<ObjectInfo> completeMultipartUpload(String bucket, String key, String uploadId,
      List<CompletedPart> parts, WriteCondition condition) {
    return condition.conditional() ? Future.failedFuture(notConditional())
        : completeMultipartUpload(bucket, key, uploadId, parts);
  }

  /** Fails with NoSuchUpload. */
  Future<Void> abortMultipartUpload(String bucket, String key, String uploadId);

  Future<PartsPage> listParts(String bucket, String key, String uploadId, int partNumberMarker, int maxParts);

  Future<UploadsPage> listMultipartUploads(String bucket, UploadsQuery query);
}
