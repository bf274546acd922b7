package io.kdss.master.bucket;

import io.kdss.proto.Bucket;
import io.kdss.proto.BucketRef;
import io.kdss.proto.BucketServiceGrpcService;
import io.kdss.proto.CreateBucketRequest;
import io.kdss.proto.ListBucketsReply;
import io.kdss.proto.ListBucketsRequest;
import io.kdss.proto.SetBucketConfigRequest;
import io.vertx.core.Future;

/** The bucket gRPC service the S3 gateways call (see bucket.proto). */
public final class BucketEndpoint extends BucketServiceGrpcService {

  static final int MAX_LIST = 1000;

  private final BucketCatalog catalog;

  public BucketEndpoint(BucketCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public Future<Bucket> createBucket(CreateBucketRequest r) {
    return catalog.create(r.getName(), r.getOwner(), r.getRegion());
  }

  @Override
  public Future<Bucket> getBucket(BucketRef r) {
    return catalog.get(r.getBucket());
  }

  @Override
  public Future<ListBucketsReply> listBuckets(ListBucketsRequest r) {
    int limit = r.getLimit() <= 0 ? MAX_LIST : Math.min(r.getLimit(), MAX_LIST);
    return catalog.list(r.getOwner(), r.getAfter(), limit).map(page -> ListBucketsReply.newBuilder()
        .addAllBuckets(page.buckets()).setTruncated(page.nextAfter() != null)
        .setNextAfter(page.nextAfter() == null ? "" : page.nextAfter()).build());
  }

  @Override
  public Future<Bucket> deleteBucket(BucketRef r) {
    return catalog.delete(r.getBucket());
  }

  @Override
  public Future<Bucket> setBucketConfig(SetBucketConfigRequest r) {
    return catalog.setConfig(r.getBucket(), r.getKind(), r.getDocument());
  }
}
