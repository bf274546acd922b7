package io.kdss.s3.handler;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.xml.CreateBucketRequest;
import io.kdss.s3.xml.ObjectResultsXml;
import io.vertx.core.Future;

/**
 * The bucket itself: Create, Delete, Head, and the read-only GetBucketLocation, -Versioning,
 * -Acl, and GetBucketLifecycleConfiguration (no bucket has one: NoSuchLifecycleConfiguration).
 */
final class BucketHandler implements S3Handler {

  static final String US_EAST_1 = "us-east-1";

  @Override
  public Future<Void> handle(S3Exchange x) {
    String bucket = x.request().bucket();
    String region = x.gateway().options().region();
    return switch (x.request().operation()) {
      case CreateBucket -> {
        x.authorizeAccount("s3:CreateBucket", io.kdss.policy.PolicyRequest.bucketArn(bucket));
        CreateBucketRequest.check(x.document().getBytes(), region);
        yield x.backend().createBucket(bucket, x.caller().userName(), region)
            .recover(e -> alreadyOwnedInUsEast1(e, region) ? x.backend().bucket(bucket) : Future.failedFuture(e))
            .compose(b -> {
              x.response().putHeader("Location", "/" + bucket);
              return x.sendEmpty(200);
            });
      }
      case DeleteBucket -> x.authorize().compose(b -> x.backend().deleteBucket(bucket)).compose(v -> x.sendEmpty(204));
      case HeadBucket -> x.authorize().compose(b -> {
        x.response().putHeader("x-amz-bucket-region", b.region());
        return x.sendEmpty(200);
      });
      case GetBucketLocation -> x.authorize().compose(b -> x.sendXml(200, ObjectResultsXml.location(b.region())));
      case GetBucketVersioning -> x.authorize().compose(b -> x.sendXml(200, ObjectResultsXml.versioning()));
      case GetBucketAcl -> x.authorize().compose(b -> x.sendXml(200, ObjectResultsXml.ownerOnlyAcl(b.owner())));
      case GetBucketLifecycleConfiguration -> x.authorize().compose(b -> Future.failedFuture(
          new S3Exception(S3ErrorCode.NoSuchLifecycleConfiguration).detail("BucketName", bucket)));
      default -> throw new IllegalArgumentException(x.request().operation() + " is not a bucket operation");
    };
  }

  /**
   * S3's legacy behaviour in us-east-1: creating a bucket you already own answers 200 (other
   * regions answer 409 BucketAlreadyOwnedByYou); "create if missing" code written against
   * us-east-1 relies on it.
   */
  static boolean alreadyOwnedInUsEast1(Throwable e, String region) {
    return US_EAST_1.equals(region) && e instanceof S3Exception s3
        && s3.code() == S3ErrorCode.BucketAlreadyOwnedByYou;
  }
}
