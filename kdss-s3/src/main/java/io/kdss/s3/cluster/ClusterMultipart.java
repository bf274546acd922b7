package io.kdss.s3.cluster;

import io.kdss.client.master.MasterClient;
import io.kdss.proto.CompleteUploadRequest;
import io.kdss.proto.CreateUploadRequest;
import io.kdss.proto.Entry;
import io.kdss.proto.EntryType;
import io.kdss.proto.ListUploadsRequest;
import io.kdss.proto.MultipartServiceGrpcClient;
import io.kdss.proto.PartRef;
import io.kdss.proto.ReaddirRequest;
import io.kdss.proto.Upload;
import io.kdss.proto.UploadRef;
import io.kdss.s3.backend.BodyDigest;
import io.kdss.s3.backend.CompletedPart;
import io.kdss.s3.backend.MultipartRules;
import io.kdss.s3.backend.MultipartUpload;
import io.kdss.s3.backend.ObjectInfo;
import io.kdss.s3.backend.ObjectMeta;
import io.kdss.s3.backend.PartInfo;
import io.kdss.s3.backend.PartsPage;
import io.kdss.s3.backend.UploadsPage;
import io.kdss.s3.backend.UploadsQuery;
import io.kdss.s3.backend.WriteCondition;
import io.kdss.s3.error.S3ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Multipart uploads through the masters' MultipartService: the upload (its part directory,
 * metadata, owner) lives at the masters; each part is written here like a PUT, as the file
 * named by its number in the upload's directory; completion is one master operation that
 * moves the parts' stripes into the object without copying a byte (see multipart.proto).
 */
final class ClusterMultipart {

  /** Uploads looked up by id stay cached this long (they never change, only go away). */
  static final long UPLOAD_CACHE_MS = 60_000;
  static final int MAX_CACHED = 10_000;

  private final MasterClient masters;
  private final BucketDirectory buckets;
  private final ObjectUpload uploads;
  private final ConcurrentHashMap<String, Cached> byId = new ConcurrentHashMap<>();

  private record Cached(Upload upload, long expiresMs) {
  }

  ClusterMultipart(MasterClient masters, BucketDirectory buckets, ObjectUpload uploads) {
    this.masters = masters;
    this.buckets = buckets;
    this.uploads = uploads;
  }

  static String partName(int partNumber) {
    return String.format("%05d", partNumber);
  }

  static MultipartUpload info(Upload u) {
    return new MultipartUpload(u.getBucket(), u.getKey(), u.getUploadId(), Instant.ofEpochMilli(u.getInitiatedMs()),
        u.getOwner(), EntryObjects.meta(u.getContentType(), u.getUserMetaMap()));
  }

  /** The tag set rides in the upload's user_meta, which completion gives the object. */
  Future<MultipartUpload> create(String bucket, String key, ObjectMeta meta, Map<String, String> tags, String owner) {
    return ClusterBackend.s3(S3ErrorCode.NoSuchBucket, () -> {
      ObjectPaths.checkStorable(key);
      return buckets.get(bucket).compose(b -> masters.call(MultipartServiceGrpcClient.CreateUpload,
          CreateUploadRequest.newBuilder().setBucket(bucket).setKey(key).setOwner(owner)
              .setContentType(meta.contentType() == null ? "" : meta.contentType())
              .putAllUserMeta(EntryObjects.userMeta(meta, tags)).build()));
    }).map(ClusterMultipart::info);
  }

  /** The upload if it is in progress and belongs to bucket/key; NoSuchUpload otherwise. */
  private Future<Upload> upload(String bucket, String key, String uploadId) {
    Cached c = byId.get(uploadId);
    if (c != null && System.currentTimeMillis() < c.expiresMs() && c.upload().getBucket().equals(bucket)
        && c.upload().getKey().equals(key)) {
      return Future.succeededFuture(c.upload());
    }
    return ClusterBackend.s3(S3ErrorCode.NoSuchUpload, () -> masters.call(MultipartServiceGrpcClient.GetUpload,
        UploadRef.newBuilder().setUploadId(uploadId).setBucket(bucket).setKey(key).build())).onSuccess(u -> {
          if (byId.size() >= MAX_CACHED) {
            byId.clear();
          }
          byId.put(uploadId, new Cached(u, System.currentTimeMillis() + UPLOAD_CACHE_MS));
        });
  }

  Future<PartInfo> uploadPart(String bucket, String key, String uploadId, int partNumber, ReadStream<Buffer> body,
      BodyDigest digest) {
    return upload(bucket, key, uploadId).compose(u -> ClusterBackend.s3(S3ErrorCode.NoSuchUpload,
            () -> uploads.write(u.getDirId(), partName(partNumber), WriteCondition.NONE, body, digest,
                new ObjectUpload.Fields(null, Map.of()))))
        .map(e -> new PartInfo(partNumber, e.getEtag(), e.getSize(), Instant.ofEpochMilli(e.getMtimeMs())));
  }

  Future<ObjectInfo> complete(String bucket, String key, String uploadId, List<CompletedPart> parts,
      WriteCondition condition) {
    MultipartRules.checkOrder(parts);
    CompleteUploadRequest.Builder r = CompleteUploadRequest.newBuilder().setUploadId(uploadId).setBucket(bucket)
        .setKey(key).setIfAbsent(condition.ifAbsent());
    if (condition.ifMatchEtag() != null) {
      r.setIfMatchEtag(condition.ifMatchEtag());
    }
    parts.forEach(p -> r.addParts(PartRef.newBuilder().setPartNumber(p.partNumber())
        .setEtag(MultipartRules.stripQuotes(p.etag()))));
    return ClusterBackend.s3(S3ErrorCode.NoSuchUpload, () -> masters.call(MultipartServiceGrpcClient.CompleteUpload,
            r.build()))
        .onComplete(ar -> byId.remove(uploadId))
        .map(e -> EntryObjects.info(bucket, key, e));
  }

  Future<Void> abort(String bucket, String key, String uploadId) {
    return ClusterBackend.s3(S3ErrorCode.NoSuchUpload, () -> masters.call(MultipartServiceGrpcClient.AbortUpload,
        UploadRef.newBuilder().setUploadId(uploadId).setBucket(bucket).setKey(key).build()))
        .onComplete(ar -> byId.remove(uploadId)).mapEmpty();
  }

  Future<PartsPage> listParts(String bucket, String key, String uploadId, int marker, int maxParts) {
    return upload(bucket, key, uploadId).compose(u -> ClusterBackend.s3(S3ErrorCode.NoSuchUpload,
        () -> masters.readdir(ReaddirRequest.newBuilder().setId(u.getDirId()).setAfter(marker == 0 ? "" : partName(marker))
            .setLimit(maxParts).build())).map(reply -> {
              List<PartInfo> parts = new ArrayList<>();
              for (Entry e : reply.getEntriesList()) {
                if (e.getType() == EntryType.ENTRY_FILE && e.getName().matches("\\d{5}")) {
                  parts.add(new PartInfo(Integer.parseInt(e.getName()), e.getEtag(), e.getSize(),
                      Instant.ofEpochMilli(e.getMtimeMs())));
                }
              }
              return new PartsPage(info(u), parts, reply.getTruncated());
            }));
  }

  Future<UploadsPage> listUploads(String bucket, UploadsQuery q) {
    return ClusterBackend.s3(S3ErrorCode.NoSuchBucket, () -> buckets.get(bucket)
        .compose(b -> collect(bucket, q, q.keyMarker(), q.uploadIdMarker(), new UploadsCollector(q))))
        .map(UploadsCollector::page);
  }

  /** Uploads and, with a delimiter, the common prefixes of their keys, up to max-uploads. */
  private static final class UploadsCollector {
    final UploadsQuery q;
    final List<MultipartUpload> uploads = new ArrayList<>();
    final List<String> prefixes = new ArrayList<>();
    String lastPrefix;
    /** The last item added, upload key or common prefix, and the upload's id (null for a prefix). */
    String lastKey;
    String lastUploadId;
    boolean truncated;

    UploadsCollector(UploadsQuery q) {
      this.q = q;
    }

    /** False once the page is full (one more item was seen: truncated). */
    boolean add(Upload u) {
      String cp = null;
      if (q.delimiter() != null) {
        int at = u.getKey().indexOf(q.delimiter(), q.prefix().length());
        cp = at < 0 ? null : u.getKey().substring(0, at + q.delimiter().length());
      }
      if (cp != null && (cp.equals(lastPrefix) || q.keyMarker().startsWith(cp))) {
        return true;
      }
      if (uploads.size() + prefixes.size() == q.maxUploads()) {
        truncated = true;
        return false;
      }
      if (cp != null) {
        prefixes.add(cp);
        lastPrefix = cp;
        lastKey = cp;
        lastUploadId = null;
      } else {
        uploads.add(info(u));
        lastKey = u.getKey();
        lastUploadId = u.getUploadId();
      }
      return true;
    }

    UploadsPage page() {
      return new UploadsPage(uploads, prefixes, truncated, lastKey, lastUploadId);
    }
  }

  private Future<UploadsCollector> collect(String bucket, UploadsQuery q, String keyMarker, String idMarker,
      UploadsCollector out) {
    if (q.maxUploads() == 0) {
      return Future.succeededFuture(out);
    }
    return masters.call(MultipartServiceGrpcClient.ListUploads, ListUploadsRequest.newBuilder().setBucket(bucket)
        .setPrefix(q.prefix()).setKeyMarker(keyMarker).setUploadIdMarker(idMarker).setLimit(1000).build())
        .compose(reply -> {
          for (Upload u : reply.getUploadsList()) {
            if (!out.add(u)) {
              return Future.succeededFuture(out);
            }
          }
          if (!reply.getTruncated() || reply.getUploadsCount() == 0) {
            return Future.succeededFuture(out);
          }
          Upload last = reply.getUploads(reply.getUploadsCount() - 1);
          return collect(bucket, q, last.getKey(), last.getUploadId(), out);
        });
  }
}
