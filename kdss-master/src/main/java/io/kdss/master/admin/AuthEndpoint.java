package io.kdss.master.admin;

import io.kdss.auth.SigningKeys;
import io.kdss.master.bucket.BucketCatalog;
import io.kdss.proto.AuthServiceGrpcService;
import io.kdss.proto.BucketPolicy;
import io.kdss.proto.BucketRef;
import io.kdss.proto.SigningKey;
import io.kdss.proto.SigningKeyRequest;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.StatusException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Serves S3 gateways: the SigV4 signing key of an access key for one credential scope
 * (day, region, service), so secrets stay on the masters. A scope older than a presigned URL
 * can live (7 days) or more than a day ahead is refused, which bounds what a leaked derived key
 * is worth.
 */
public final class AuthEndpoint extends AuthServiceGrpcService {

  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
  /** How long a gateway may cache a key: a revoked key stops working within this time. */
  public static final long CACHE_MS = 60_000;

  /**
   * Scope dates accepted, in days before today: a presigned URL may be used up to 7 days after
   * it was signed (X-Amz-Expires at most 604800 s), with the credential date of its signing day.
   */
  public static final int MAX_SCOPE_AGE_DAYS = 7;

  private final UserStore users;
  private final BucketCatalog buckets;

  public AuthEndpoint(UserStore users, BucketCatalog buckets) {
    this.users = users;
    this.buckets = buckets;
  }

  @Override
  public Future<SigningKey> getSigningKey(SigningKeyRequest r) {
    LocalDate day;
    try {
      day = LocalDate.parse(r.getDate(), DAY);
    } catch (DateTimeParseException e) {
      return Future.failedFuture(new StatusException(GrpcStatus.INVALID_ARGUMENT, "scope date must be yyyyMMdd"));
    }
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    if (day.isBefore(today.minusDays(MAX_SCOPE_AGE_DAYS)) || day.isAfter(today.plusDays(1))) {
      return Future.failedFuture(new StatusException(GrpcStatus.FAILED_PRECONDITION, "scope date " + r.getDate() + " is not current"));
    }
    return users.activeKey(r.getAccessKeyId()).map(owner -> SigningKey.newBuilder()
        .setAccessKeyId(r.getAccessKeyId())
        .setUser(owner.user().getString("_id"))
        .setAdmin(owner.user().getBoolean("admin", false))
        .setPolicy(owner.user().getString("policy", ""))
        .setKey(com.google.protobuf.ByteString.copyFrom(
            SigningKeys.derive(owner.secret(), r.getDate(), r.getRegion(), r.getService())))
        .setValidUntilMs(System.currentTimeMillis() + CACHE_MS)
        .build());
  }

  @Override
  public Future<BucketPolicy> getBucketPolicy(BucketRef r) {
    return buckets.policy(r.getBucket()).map(p -> AdminMessages.policy(r.getBucket(), p));
  }
}
