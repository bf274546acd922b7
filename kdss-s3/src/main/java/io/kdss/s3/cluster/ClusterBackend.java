package io.kdss.s3.cluster;

import io.kdss.client.KdssClient;
import io.kdss.client.StripePlacement;
import io.kdss.client.master.MasterClient;
import io.kdss.client.master.NamespaceErrno;
import io.kdss.proto.Bucket;
import io.kdss.proto.BucketConfigKind;
import io.kdss.proto.BucketRef;
import io.kdss.proto.BucketServiceGrpcClient;
import io.kdss.proto.CreateBucketRequest;
import io.kdss.proto.Entry;
import io.kdss.proto.EntryType;
import io.kdss.proto.ListBucketsRequest;
import io.kdss.proto.RemoveRequest;
import io.kdss.proto.ResolveRequest;
import io.kdss.proto.SetAttrRequest;
import io.kdss.proto.SetBucketConfigRequest;
import io.kdss.s3.backend.BodyDigest;
import io.kdss.s3.backend.BucketConfig;
import io.kdss.s3.backend.BucketInfo;
import io.kdss.s3.backend.CompletedPart;
import io.kdss.s3.backend.ListPage;
import io.kdss.s3.backend.ListQuery;
import io.kdss.s3.backend.MultipartUpload;
import io.kdss.s3.backend.ObjectHandle;
import io.kdss.s3.backend.ObjectInfo;
import io.kdss.s3.backend.ObjectMeta;
import io.kdss.s3.backend.PartInfo;
import io.kdss.s3.backend.PartsPage;
import io.kdss.s3.backend.S3Backend;
import io.kdss.s3.backend.UploadsPage;
import io.kdss.s3.backend.UploadsQuery;
import io.kdss.s3.backend.WriteCondition;
import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The gateway's storage: buckets through the masters' BucketService, objects as files of the
 * namespace (a key is a path below its bucket's directory, see {@link ObjectPaths}) whose bytes
 * the client library writes and reads as erasure-coded stripes, multipart uploads through the
 * masters' MultipartService ({@link ClusterMultipart}). One per gateway process, shared by its
 * event loops; every failure comes back as the S3 error that applies ({@link ClusterErrors}).
 */
public final class ClusterBackend implements S3Backend {

  /** Bytes of an object whose stripe runs a read fetches from the masters at once. */
  public static final long READ_WINDOW_BYTES = 256L << 20;
  static final int TAG_RETRIES = 5;

  private final MasterClient masters;
  private final KdssClient client;
  private final BucketDirectory buckets;
  private final ObjectUpload uploads;
  private final ObjectListing listing;
  private final ClusterMultipart multipart;

  public ClusterBackend(MasterClient masters, KdssClient client, StripePlacement placement, long bucketCacheMs) {
    this.masters = masters;
    this.client = client;
    this.buckets = new BucketDirectory(masters, bucketCacheMs, System::currentTimeMillis);
    this.uploads = new ObjectUpload(masters, client, placement);
    this.listing = new ObjectListing(masters);
    this.multipart = new ClusterMultipart(masters, buckets, uploads);
  }

  /** Runs {@code call}, turning its failures (thrown or in the future) into S3 errors. */
  static <T> Future<T> s3(S3ErrorCode missing, Supplier<Future<T>> call) {
    Future<T> f;
    try {
      f = call.get();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    return f.recover(e -> Future.failedFuture(ClusterErrors.toS3(e, missing)));
  }

  static BucketInfo info(Bucket b) {
    return new BucketInfo(b.getName(), Instant.ofEpochMilli(b.getCreatedMs()), b.getOwner(),
        b.getRegion().isEmpty() ? "us-east-1" : b.getRegion());
  }

  @Override
  public Future<List<BucketInfo>> listBuckets(String owner) {
    return s3(S3ErrorCode.NoSuchBucket, () -> listBuckets(owner == null ? "" : owner, "", new ArrayList<>()));
  }

  private Future<List<BucketInfo>> listBuckets(String owner, String after, List<BucketInfo> out) {
    return masters.call(BucketServiceGrpcClient.ListBuckets, ListBucketsRequest.newBuilder().setOwner(owner)
        .setAfter(after).setLimit(1000).build()).compose(reply -> {
          reply.getBucketsList().forEach(b -> out.add(info(b)));
          return reply.getTruncated() ? listBuckets(owner, reply.getNextAfter(), out) : Future.succeededFuture(out);
        });
  }

  @Override
  public Future<BucketInfo> createBucket(String bucket, String owner, String region) {
    buckets.invalidate(bucket);
    return s3(S3ErrorCode.NoSuchBucket, () -> masters.call(BucketServiceGrpcClient.CreateBucket,
        CreateBucketRequest.newBuilder().setName(bucket).setOwner(owner).setRegion(region).build()))
        .map(ClusterBackend::info);
  }

  @Override
  public Future<BucketInfo> bucket(String bucket) {
    return s3(S3ErrorCode.NoSuchBucket, () -> buckets.get(bucket)).map(ClusterBackend::info);
  }

  @Override
  public Future<Void> deleteBucket(String bucket) {
    return s3(S3ErrorCode.NoSuchBucket, () -> masters.call(BucketServiceGrpcClient.DeleteBucket,
        BucketRef.newBuilder().setBucket(bucket).build())).onComplete(ar -> buckets.invalidate(bucket)).mapEmpty();
  }

  @Override
  public Future<ObjectInfo> putObject(String bucket, String key, ObjectMeta meta, ReadStream<Buffer> body,
      BodyDigest digest) {
    return putObject(bucket, key, meta, Map.of(), body, digest);
  }

  /** PutObject with its x-amz-tagging tag set, stored with the object in the same commit. */
  @Override
  public Future<ObjectInfo> putObject(String bucket, String key, ObjectMeta meta, Map<String, String> tags,
      ReadStream<Buffer> body, BodyDigest digest) {
    return putObject(bucket, key, meta, tags, WriteCondition.NONE, body, digest);
  }

  /** The condition rides on BeginWrite (an existing key is refused before a byte is read) and on the commit. */
  @Override
  public Future<ObjectInfo> putObject(String bucket, String key, ObjectMeta meta, Map<String, String> tags,
      WriteCondition condition, ReadStream<Buffer> body, BodyDigest digest) {
    return s3(S3ErrorCode.NoSuchBucket, () -> {
      ObjectPaths.checkStorable(key);
      return buckets.get(bucket).compose(b -> uploads.write(b.getDirId(), key, condition, body, digest,
          new ObjectUpload.Fields(meta.contentType(), EntryObjects.userMeta(meta, tags))));
    }).map(e -> EntryObjects.info(bucket, key, e));
  }

  /** The file of a key, or NoSuchKey (a directory, a key that is no path, a missing parent). */
  Future<Entry> entry(String bucket, String key) {
    return s3(S3ErrorCode.NoSuchKey, () -> {
      if (ObjectPaths.problem(key) != null) {
        return Future.failedFuture(new S3Exception(S3ErrorCode.NoSuchKey));
      }
      return buckets.get(bucket).compose(b -> masters.resolve(ResolveRequest.newBuilder().setParentId(b.getDirId())
              .setPath(key).build())
          .recover(e -> NamespaceErrno.of(e) == NamespaceErrno.ENOTDIR || NamespaceErrno.of(e) == NamespaceErrno.EINVAL
              ? Future.failedFuture(new S3Exception(S3ErrorCode.NoSuchKey)) : Future.failedFuture(e)))
          .compose(e -> e.getType() == EntryType.ENTRY_FILE ? Future.succeededFuture(e)
              : Future.failedFuture(new S3Exception(S3ErrorCode.NoSuchKey)));
    });
  }

  @Override
  public Future<ObjectHandle> openObject(String bucket, String key) {
    return entry(bucket, key).map(e -> new ClusterObjectHandle(EntryObjects.info(bucket, key, e), e));
  }

  /** An opened object: its entry pins the content (version) that reads return. */
  private final class ClusterObjectHandle implements ObjectHandle {

    private final ObjectInfo info;
    private final Entry entry;

    ClusterObjectHandle(ObjectInfo info, Entry entry) {
      this.info = info;
      this.entry = entry;
    }

    @Override
    public ObjectInfo info() {
      return info;
    }

    @Override
    public Map<String, String> tags() {
      return EntryObjects.tags(entry.getUserMetaMap());
    }

    @Override
    public ReadStream<Buffer> read(long offset, long length) {
      return new WindowedObjectStream(masters, client, entry.getId(), entry.getContentId(), offset, length,
          READ_WINDOW_BYTES);
    }

    @Override
    public void close() {
    }
  }

  @Override
  public Future<Void> deleteObject(String bucket, String key) {
    if (ObjectPaths.problem(key) != null) {
      return bucket(bucket).mapEmpty();
    }
    String parent = ObjectPaths.parent(key);
    return s3(S3ErrorCode.NoSuchBucket, () -> buckets.get(bucket).compose(b -> parent.isEmpty()
        ? Future.succeededFuture(b.getDirId())
        : masters.resolve(ResolveRequest.newBuilder().setParentId(b.getDirId()).setPath(parent).build())
            .map(e -> e.getType() == EntryType.ENTRY_DIR ? e.getId() : 0L)
            .recover(e -> gone(e) ? Future.succeededFuture(0L) : Future.failedFuture(e)))
        .compose(dir -> dir == 0 ? Future.succeededFuture() : masters.unlink(RemoveRequest.newBuilder().setParentId(dir)
            .setName(ObjectPaths.name(key)).setPruneImplicitParents(true).build()).<Void>mapEmpty()
            .recover(e -> gone(e) ? Future.succeededFuture() : Future.failedFuture(e))));
  }

  /** A delete of something that is not there (or is a directory, which no key names) is done. */
  private static boolean gone(Throwable e) {
    NamespaceErrno errno = NamespaceErrno.of(e);
    return errno == NamespaceErrno.ENOENT || errno == NamespaceErrno.ENOTDIR || errno == NamespaceErrno.EISDIR
        || errno == NamespaceErrno.EINVAL;
  }

  @Override
  public Future<ListPage> listObjects(String bucket, ListQuery query) {
    return s3(S3ErrorCode.NoSuchBucket, () -> buckets.get(bucket).compose(b -> listing.list(bucket, b.getDirId(), query)));
  }

  @Override
  public Future<Map<String, String>> objectTags(String bucket, String key) {
    return entry(bucket, key).map(e -> EntryObjects.tags(e.getUserMetaMap()));
  }

  @Override
  public Future<Void> putObjectTags(String bucket, String key, Map<String, String> tags) {
    return putObjectTags(bucket, key, tags, 0);
  }

  /** Read, replace the tags, write back at the version read (another change meanwhile: again). */
  private Future<Void> putObjectTags(String bucket, String key, Map<String, String> tags, int attempt) {
    return entry(bucket, key).compose(e -> s3(S3ErrorCode.NoSuchKey, () -> masters.setAttr(SetAttrRequest.newBuilder()
        .setId(e.getId()).setIfVersion(e.getVersion()).setReplaceUserMeta(true)
        .putAllUserMeta(EntryObjects.withTags(e.getUserMetaMap(), tags)).build()))
        .<Void>mapEmpty()
        .recover(err -> err instanceof S3Exception s && s.code() == S3ErrorCode.OperationAborted
            && attempt < TAG_RETRIES ? putObjectTags(bucket, key, tags, attempt + 1) : Future.failedFuture(err)));
  }

  @Override
  public Future<Optional<String>> bucketConfig(String bucket, BucketConfig kind) {
    return s3(S3ErrorCode.NoSuchBucket, () -> buckets.get(bucket)).map(b -> {
      String doc = switch (kind) {
        case POLICY -> b.getPolicy();
        case CORS -> b.getCors();
        case TAGGING -> b.getTagging();
      };
      return doc.isEmpty() ? Optional.<String>empty() : Optional.of(doc);
    });
  }

  @Override
  public Future<Void> putBucketConfig(String bucket, BucketConfig kind, String document) {
    BucketConfigKind k = switch (kind) {
      case POLICY -> BucketConfigKind.BUCKET_CONFIG_POLICY;
      case CORS -> BucketConfigKind.BUCKET_CONFIG_CORS;
      case TAGGING -> BucketConfigKind.BUCKET_CONFIG_TAGGING;
    };
    buckets.invalidate(bucket);
    return s3(S3ErrorCode.NoSuchBucket, () -> masters.call(BucketServiceGrpcClient.SetBucketConfig,
        SetBucketConfigRequest.newBuilder().setBucket(bucket).setKind(k).setDocument(document == null ? "" : document)
            .build()))
        .onComplete(ar -> buckets.invalidate(bucket)).mapEmpty();
  }

  @Override
  public Future<MultipartUpload> createMultipartUpload(String bucket, String key, ObjectMeta meta,
      Map<String, String> tags, String owner) {
    return multipart.create(bucket, key, meta, tags, owner);
  }

  @Override
  public Future<PartInfo> uploadPart(String bucket, String key, String uploadId, int partNumber,
      ReadStream<Buffer> body, BodyDigest digest) {
    return multipart.uploadPart(bucket, key, uploadId, partNumber, body, digest);
  }

  @Override
  public Future<ObjectInfo> completeMultipartUpload(String bucket, String key, String uploadId,
      List<CompletedPart> parts) {
    return multipart.complete(bucket, key, uploadId, parts, WriteCondition.NONE);
  }

  @Override
  public Future<ObjectInfo> completeMultipartUpload(String bucket, String key, String uploadId,
      List<CompletedPart> parts, WriteCondition condition) {
    return multipart.complete(bucket, key, uploadId, parts, condition);
  }

  @Override
  public Future<Void> abortMultipartUpload(String bucket, String key, String uploadId) {
    return multipart.abort(bucket, key, uploadId);
  }

  @Override
  public Future<PartsPage> listParts(String bucket, String key, String uploadId, int partNumberMarker, int maxParts) {
    return multipart.listParts(bucket, key, uploadId, partNumberMarker, maxParts);
  }

  @Override
  public Future<UploadsPage> listMultipartUploads(String bucket, UploadsQuery query) {
    return multipart.listUploads(bucket, query);
  }
}
