package io.kdss.s3.cluster;

import io.kdss.client.master.MasterClient;
import io.kdss.proto.Bucket;
import io.kdss.proto.BucketRef;
import io.kdss.proto.BucketServiceGrpcClient;
import io.vertx.core.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Buckets as the masters know them (directory id, owner, policy, CORS, tags), cached for
 * {@code ttlMs} because every request needs its bucket to authorise: a change made through this
 * gateway is seen at once (it invalidates), one made through another gateway within the TTL.
 * Concurrent lookups share one call; failures are not cached. Shared by every event loop.
 */
final class BucketDirectory {

  static final int MAX_ENTRIES = 10_000;

  private final MasterClient masters;
  private final long ttlMs;
  private final LongSupplier clockMs;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Future<Bucket> bucket, long expiresMs) {
  }

  BucketDirectory(MasterClient masters, long ttlMs, LongSupplier clockMs) {
    this.masters = masters;
    this.ttlMs = ttlMs;
    this.clockMs = clockMs;
  }

  Future<Bucket> get(String name) {
    Cached c = cache.get(name);
    if (c != null && (!c.bucket().isComplete() || clockMs.getAsLong() < c.expiresMs())) {
      return c.bucket();
    }
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
    }
    Future<Bucket> f = masters.call(BucketServiceGrpcClient.GetBucket, BucketRef.newBuilder().setBucket(name).build());
    Cached pending = new Cached(f, Long.MAX_VALUE);
    cache.put(name, pending);
    f.onComplete(ar -> {
      if (ar.failed()) {
        cache.remove(name, pending);
      } else {
        cache.replace(name, pending, new Cached(f, clockMs.getAsLong() + ttlMs));
      }
    });
    return f;
  }

  /** Forgets a bucket this gateway changed (created, deleted, reconfigured). */
  void invalidate(String name) {
    cache.remove(name);
  }
}
