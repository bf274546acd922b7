package io.kdss.s3.handler;

import io.kdss.s3.request.S3Operation;
import java.util.EnumMap;
import java.util.Map;

/** The handler of every {@link S3Operation}: one class per resource or sub-resource, no giant switch. */
public final class S3Handlers {

  private final Map<S3Operation, S3Handler> handlers = new EnumMap<>(S3Operation.class);

  public S3Handlers() {
    S3Handler bucket = new BucketHandler();
    S3Handler lists = new ListObjectsHandler();
    S3Handler configs = new BucketConfigHandler();
    S3Handler subresources = new ObjectSubresourceHandler();
    S3Handler multipart = new MultipartUploadHandler();
    S3Handler multipartLists = new MultipartListingHandler();
    for (S3Operation op : S3Operation.values()) {
      handlers.put(op, switch (op) {
        case ListBuckets -> new ServiceHandler();
        case CreateBucket, DeleteBucket, HeadBucket, GetBucketLocation, GetBucketVersioning, GetBucketAcl,
            GetBucketLifecycleConfiguration -> bucket;
        case ListObjects, ListObjectsV2, ListObjectVersions -> lists;
        case ListMultipartUploads, ListParts -> multipartLists;
        case GetBucketPolicy, PutBucketPolicy, DeleteBucketPolicy, GetBucketCors, PutBucketCors, DeleteBucketCors,
            GetBucketTagging, PutBucketTagging, DeleteBucketTagging -> configs;
        case DeleteObjects -> new DeleteObjectsHandler();
        case PutObject -> new PutObjectHandler();
        case CopyObject -> new CopyObjectHandler();
        case GetObject, HeadObject -> new GetObjectHandler();
        case DeleteObject, GetObjectAcl, GetObjectTagging, PutObjectTagging, DeleteObjectTagging -> subresources;
        case CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload, AbortMultipartUpload ->
            multipart;
        case Preflight -> new PreflightHandler();
        case Unsupported -> new UnsupportedHandler();
      });
    }
  }

  public S3Handler of(S3Operation op) {
    return handlers.get(op);
  }
}
