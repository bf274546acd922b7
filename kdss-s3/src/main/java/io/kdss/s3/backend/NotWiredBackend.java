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
 * The backend the gateway runs with until the client library (EC encode, shard writes, namespace
 * calls) is wired in: authentication, routing and validation work in full, and every storage
 * call answers NotImplemented saying so. Uploads are refused before their body is read.
 */
public final class NotWiredBackend implements S3Backend {

  private static <T> Future<T> notWired() {
    return Future.failedFuture(new S3Exception(S3ErrorCode.NotImplemented,
        "This KDSS build does not store data yet: the gateway's data path is not wired to the cluster."));
  }

  @Override
  public Future<List<BucketInfo>> listBuckets(String owner) {
    return notWired();
  }

  @Override
  public Future<BucketInfo> createBucket(String bucket, String owner, String region) {
    return notWired();
  }

  @Override
  public Future<BucketInfo> bucket(String bucket) {
    return notWired();
  }

  @Override
  public Future<Void> deleteBucket(String bucket) {
    return notWired();
  }

  @Override
  public Future<ObjectInfo> putObject(String bucket, String key, ObjectMeta meta, ReadStream<Buffer> body,
      BodyDigest digest) {
    return notWired();
  }

  @Override
  public Future<ObjectHandle> openObject(String bucket, String key) {
    return notWired();
  }

  @Override
  public Future<Void> deleteObject(String bucket, String key) {
    return notWired();
  }

  @Override
  public Future<ListPage> listObjects(String bucket, ListQuery query) {
    return notWired();
  }

  @Override
  public Future<Map<String, String>> objectTags(String bucket, String key) {
    return notWired();
  }

  @Override
  public Future<Void> putObjectTags(String bucket, String key, Map<String, String> tags) {
    return notWired();
  }

  @Override
  public Future<Optional<String>> bucketConfig(String bucket, BucketConfig kind) {
    return notWired();
  }

  @Override
  public Future<Void> putBucketConfig(String bucket, BucketConfig kind, String document) {
    return notWired();
  }

  @Override
  public Future<MultipartUpload> createMultipartUpload(String bucket, String key, ObjectMeta meta, String owner) {
    return notWired();
  }

  @Override
  public Future<PartInfo> uploadPart(String bucket, String key, String uploadId, int partNumber,
      ReadStream<Buffer> body, BodyDigest digest) {
    return notWired();
  }

  @Override
  public Future<ObjectInfo> completeMultipartUpload(String bucket, String key, String uploadId,
      List<CompletedPart> parts) {
    return notWired();
  }

  @Override
  public Future<Void> abortMultipartUpload(String bucket, String key, String uploadId) {
    return notWired();
  }

  @Override
  public Future<PartsPage> listParts(String bucket, String key, String uploadId, int partNumberMarker, int maxParts) {
    return notWired();
  }

  @Override
  public Future<UploadsPage> listMultipartUploads(String bucket, UploadsQuery query) {
    return notWired();
  }
}
