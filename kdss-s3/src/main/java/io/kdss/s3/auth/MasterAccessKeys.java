package io.kdss.s3.auth;

import io.kdss.client.master.MasterClient;
import io.kdss.proto.AuthServiceGrpcClient;
import io.kdss.proto.SigningKey;
import io.kdss.proto.SigningKeyRequest;
import io.kdss.rpc.RpcException;
import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.sigv4.CredentialScope;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Access keys through the masters ({@code AuthService.GetSigningKey}): the gateway receives the
 * signing key of one credential scope, never the secret. Answers are cached per key and scope
 * until the master's {@code valid_until_ms} (60 s: a revoked key stops working within a
 * minute), unknown keys for {@link #NEGATIVE_TTL_MS}, so a flood of bad keys does not reach the
 * masters; concurrent lookups of one key share one call. Shared by every event loop.
 */
public final class MasterAccessKeys implements AccessKeyStore {

  /** How long an unknown or revoked key is remembered as such, in milliseconds. */
  public static final long NEGATIVE_TTL_MS = 5_000;
  /** At most this many keys and scopes are cached; beyond it the cache starts over. */
  public static final int MAX_ENTRIES = 10_000;

  /** Longest a found key is trusted without asking again (the masters say 60 s too). */
  public static final long MAX_TTL_MS = 60_000;

  private final MasterClient masters;
  private final LongSupplier clockMs;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  /** A lookup's answer (null key: unknown) and until when it may be reused. */
  private record Found(ScopedKey key, long validUntilMs) {
  }

  private record Cached(Future<Found> found, long expiresMs) {
  }

  public MasterAccessKeys(MasterClient masters, LongSupplier clockMs) {
    this.masters = masters;
    this.clockMs = clockMs;
  }

  @Override
  public Future<ScopedKey> find(String accessKeyId, CredentialScope scope) {
    String id = accessKeyId + '/' + scope.scope();
    Cached c = cache.get(id);
    if (c != null && (!c.found().isComplete() || clockMs.getAsLong() < c.expiresMs())) {
      return c.found().map(Found::key);
    }
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
    }
    Future<Found> lookup = fetch(accessKeyId, scope);
    Cached pending = new Cached(lookup, Long.MAX_VALUE);
    cache.put(id, pending);
    lookup.onComplete(ar -> {
      if (ar.failed()) {
        cache.remove(id, pending);
      } else {
        cache.replace(id, pending, new Cached(lookup, ar.result().validUntilMs()));
      }
    });
    return lookup.map(Found::key);
  }

  private Future<Found> fetch(String accessKeyId, CredentialScope scope) {
    SigningKeyRequest req = SigningKeyRequest.newBuilder().setAccessKeyId(accessKeyId).setDate(scope.date())
        .setRegion(scope.region()).setService(scope.service()).build();
    return masters.call(AuthServiceGrpcClient.GetSigningKey, req)
        .map(k -> {
          long now = clockMs.getAsLong();
          long until = Math.min(now + MAX_TTL_MS, k.getValidUntilMs() > 0 ? k.getValidUntilMs() : now + MAX_TTL_MS);
          return new Found(toScopedKey(k, scope), until);
        })
        .recover(e -> lookupFailure(e).map(key -> new Found(key, clockMs.getAsLong() + NEGATIVE_TTL_MS)));
  }

  private static ScopedKey toScopedKey(SigningKey k, CredentialScope scope) {
    return new ScopedKey(new AccessKey(k.getAccessKeyId(), k.getUser(), k.getAdmin(), k.getPolicy()), scope,
        k.getKey().toByteArray());
  }

  private static Future<ScopedKey> lookupFailure(Throwable e) {
    if (e instanceof RpcException r && r.status() == GrpcStatus.NOT_FOUND) {
      return Future.succeededFuture(null);
    }
    if (e instanceof RpcException r && r.status() == GrpcStatus.FAILED_PRECONDITION) {
      return Future.failedFuture(new S3Exception(S3ErrorCode.AccessDenied,
          "The request's credential date is too far from today: " + r.detail()));
    }
    return Future.failedFuture(new S3Exception(S3ErrorCode.ServiceUnavailable,
        "The gateway cannot verify access keys: no master answered (" + e.getMessage() + ")", e));
  }
}
