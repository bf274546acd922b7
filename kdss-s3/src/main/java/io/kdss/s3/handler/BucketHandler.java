package io.kdss.s3.handler;

import io.kdss.s3.xml.CreateBucketRequest;
import io.kdss.s3.xml.ObjectResultsXml;
import io.vertx.core.Future;

/** The bucket itself: Create, Delete, Head, and the read-only GetBucketLocation, -Versioning, -Acl. */
final class BucketHandler implements S3Handler {

  @Override
  public Future<Void> handle(S3Exchange x) {
    String bucket = x.request().bucket();
    String region = x.gateway().options().region();
    return switch (x.request().operation()) {
      case CreateBucket -> {
        x.authorizeAccount("s3:CreateBucket", io.kdss.policy.PolicyRequest.bucketArn(bucket));
        CreateBucketRequest.check(x.document().getBytes(), region);
        yield x.backend().createBucket(bucket, x.caller().userName(), region).compose(b -> {
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
      default -> throw new IllegalArgumentException(x.request().operation() + " is not a bucket operation");
    };
  }
}
