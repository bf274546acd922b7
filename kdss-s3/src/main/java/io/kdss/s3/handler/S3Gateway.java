package io.kdss.s3.handler;

import io.kdss.s3.S3Options;
import io.kdss.s3.backend.S3Backend;
import io.kdss.policy.BucketPolicy;
import io.kdss.policy.PolicyParser;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every handler shares, across event loops: the options, the backend, the clock, and a
 * cache of parsed bucket policies (keyed by the document itself, so a changed policy is never
 * served stale).
 */
public final class S3Gateway {

  static final int MAX_CACHED_POLICIES = 1024;

  private final S3Options options;
  private final S3Backend backend;
  private final Clock clock;
  private final ConcurrentHashMap<String, BucketPolicy> policies = new ConcurrentHashMap<>();

  public S3Gateway(S3Options options, S3Backend backend, Clock clock) {
    this.options = options;
    this.backend = backend;
    this.clock = clock;
  }

  public S3Options options() {
    return options;
  }

  public S3Backend backend() {
    return backend;
  }

  public Clock clock() {
    return clock;
  }

  /** The parsed form of a user's identity policy; null when the user has none. */
  public BucketPolicy identityPolicy(String document) {
    if (document == null || document.isBlank()) {
      return null;
    }
    String cacheKey = "\u0001" + document;
    BucketPolicy p = policies.get(cacheKey);
    if (p == null) {
      p = PolicyParser.parseIdentity(document);
      if (policies.size() >= MAX_CACHED_POLICIES) {
        policies.clear();
      }
      policies.put(cacheKey, p);
    }
    return p;
  }

  /** The parsed form of a stored policy document. */
  public BucketPolicy policy(String bucket, String document) {
    String cacheKey = bucket + '\u0000' + document;
    BucketPolicy p = policies.get(cacheKey);
    if (p == null) {
      p = PolicyParser.parse(document, bucket);
      if (policies.size() >= MAX_CACHED_POLICIES) {
        policies.clear();
      }
      policies.put(cacheKey, p);
    }
    return p;
  }
}
