package io.kdss.s3.request;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.sigv4.SignableRequest;
import java.util.List;

/** Which {@link S3Operation} a request is: method, whether it names a bucket and a key, sub-resources. */
public final class OperationResolver {

  /**
   * Sub-resources S3 has that KDSS does not serve: answered NotImplemented rather than mistaken
   * for a listing (except GET ?lifecycle on a bucket, answered as S3 answers a bucket without one).
   */
  static final List<String> UNSUPPORTED_SUBRESOURCES = List.of("lifecycle", "website", "logging", "notification",
      "replication", "encryption", "object-lock", "ownershipControls", "publicAccessBlock", "accelerate",
      "requestPayment", "analytics", "metrics", "inventory", "intelligent-tiering", "retention", "legal-hold",
      "torrent", "restore", "select", "attributes", "policyStatus");

  private OperationResolver() {
  }

  public static S3Operation resolve(SignableRequest r, boolean hasBucket, boolean hasKey) {
    String m = r.method();
    if ("OPTIONS".equals(m) && hasBucket) {
      return S3Operation.Preflight;
    }
    if (!hasBucket) {
      if ("GET".equals(m)) {
        return S3Operation.ListBuckets;
      }
      throw notAllowed(m);
    }
    if (!hasKey && "GET".equals(m) && r.hasQuery("lifecycle")) {
      return S3Operation.GetBucketLifecycleConfiguration;
    }
    for (String sub : UNSUPPORTED_SUBRESOURCES) {
      if (r.hasQuery(sub)) {
        return S3Operation.Unsupported;
      }
    }
    return hasKey ? objectOperation(r, m) : bucketOperation(r, m);
  }

  private static S3Operation bucketOperation(SignableRequest r, String m) {
    return switch (m) {
      case "GET" -> {
        if (r.hasQuery("location")) {
          yield S3Operation.GetBucketLocation;
        } else if (r.hasQuery("policy")) {
          yield S3Operation.GetBucketPolicy;
        } else if (r.hasQuery("cors")) {
          yield S3Operation.GetBucketCors;
        } else if (r.hasQuery("tagging")) {
          yield S3Operation.GetBucketTagging;
        } else if (r.hasQuery("versioning")) {
          yield S3Operation.GetBucketVersioning;
        } else if (r.hasQuery("acl")) {
          yield S3Operation.GetBucketAcl;
        } else if (r.hasQuery("uploads")) {
          yield S3Operation.ListMultipartUploads;
        } else if (r.hasQuery("versions")) {
          yield S3Operation.ListObjectVersions;
        } else if ("2".equals(r.queryParam("list-type"))) {
          yield S3Operation.ListObjectsV2;
        }
        yield S3Operation.ListObjects;
      }
      case "HEAD" -> S3Operation.HeadBucket;
      case "PUT" -> {
        if (r.hasQuery("policy")) {
          yield S3Operation.PutBucketPolicy;
        } else if (r.hasQuery("cors")) {
          yield S3Operation.PutBucketCors;
        } else if (r.hasQuery("tagging")) {
          yield S3Operation.PutBucketTagging;
        } else if (r.hasQuery("acl") || r.hasQuery("versioning")) {
          yield S3Operation.Unsupported;
        }
        yield S3Operation.CreateBucket;
      }
      case "DELETE" -> {
        if (r.hasQuery("policy")) {
          yield S3Operation.DeleteBucketPolicy;
        } else if (r.hasQuery("cors")) {
          yield S3Operation.DeleteBucketCors;
        } else if (r.hasQuery("tagging")) {
          yield S3Operation.DeleteBucketTagging;
        }
        yield S3Operation.DeleteBucket;
      }
      case "POST" -> r.hasQuery("delete") ? S3Operation.DeleteObjects : S3Operation.Unsupported;
      default -> throw notAllowed(m);
    };
  }

  private static S3Operation objectOperation(SignableRequest r, String m) {
    boolean copy = r.header("x-amz-copy-source") != null;
    return switch (m) {
      case "GET" -> {
        if (r.hasQuery("uploadId")) {
          yield S3Operation.ListParts;
        } else if (r.hasQuery("tagging")) {
          yield S3Operation.GetObjectTagging;
        } else if (r.hasQuery("acl")) {
          yield S3Operation.GetObjectAcl;
        }
        yield S3Operation.GetObject;
      }
      case "HEAD" -> S3Operation.HeadObject;
      case "PUT" -> {
        if (r.hasQuery("uploadId") || r.hasQuery("partNumber")) {
          yield copy ? S3Operation.UploadPartCopy : S3Operation.UploadPart;
        } else if (r.hasQuery("tagging")) {
          yield S3Operation.PutObjectTagging;
        } else if (r.hasQuery("acl")) {
          yield S3Operation.Unsupported;
        }
        yield copy ? S3Operation.CopyObject : S3Operation.PutObject;
      }
      case "POST" -> {
        if (r.hasQuery("uploads")) {
          yield S3Operation.CreateMultipartUpload;
        } else if (r.hasQuery("uploadId")) {
          yield S3Operation.CompleteMultipartUpload;
        }
        yield S3Operation.Unsupported;
      }
      case "DELETE" -> {
        if (r.hasQuery("uploadId")) {
          yield S3Operation.AbortMultipartUpload;
        } else if (r.hasQuery("tagging")) {
          yield S3Operation.DeleteObjectTagging;
        }
        yield S3Operation.DeleteObject;
      }
      default -> throw notAllowed(m);
    };
  }

  private static S3Exception notAllowed(String method) {
    return new S3Exception(S3ErrorCode.MethodNotAllowed).detail("Method", method).detail("ResourceType", "OBJECT");
  }
}
