package io.kdss.master.admin;

import com.google.protobuf.MessageLite;
import io.kdss.auth.AdminAuth;
import io.kdss.auth.SigningKeys;
import io.kdss.proto.AccessKeyRef;
import io.kdss.proto.AccessKeySecret;
import io.kdss.proto.AdminServiceGrpcService;
import io.kdss.proto.BucketPolicy;
import io.kdss.master.bucket.BucketCatalog;
import io.kdss.proto.BucketRef;
import io.kdss.proto.BucketSummary;
import io.kdss.proto.ListBucketsAdminReply;
import io.kdss.proto.ListBucketsAdminRequest;
import io.kdss.proto.CreateUserRequest;
import io.kdss.proto.ListAccessKeysReply;
import io.kdss.proto.ListUsersReply;
import io.kdss.proto.ListUsersRequest;
import io.kdss.proto.SetUserPolicyRequest;
import io.kdss.proto.User;
import io.kdss.proto.UserRef;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.StatusException;
import java.time.Instant;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin gRPC service: every call must be signed by an active access key of an admin
 * user ({@link AdminAuth}); anything else is UNAUTHENTICATED or PERMISSION_DENIED.
 */
public final class AdminEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(AdminEndpoint.class);

  private final UserStore users;
  private final BucketCatalog buckets;

  public AdminEndpoint(UserStore users, BucketCatalog buckets) {
    this.users = users;
    this.buckets = buckets;
  }

  public void bind(GrpcServer grpc) {
    on(grpc, AdminServiceGrpcService.CreateUser, this::createUser);
    on(grpc, AdminServiceGrpcService.ListUsers, this::listUsers);
    on(grpc, AdminServiceGrpcService.GetUser, r -> withKeys(users.user(r.getName())));
    on(grpc, AdminServiceGrpcService.DeleteUser, r -> users.deleteUser(r.getName()).map(u -> AdminMessages.user(u, java.util.List.of())));
    on(grpc, AdminServiceGrpcService.SetUserPolicy, this::setUserPolicy);
    on(grpc, AdminServiceGrpcService.CreateAccessKey, this::createKey);
    on(grpc, AdminServiceGrpcService.RevokeAccessKey, (AccessKeyRef r) -> users.revokeKey(r.getAccessKeyId()).map(AdminMessages::key));
    on(grpc, AdminServiceGrpcService.ListAccessKeys, (UserRef r) -> users.user(r.getName())
        .compose(u -> users.keysOf(r.getName()))
        .map(keys -> ListAccessKeysReply.newBuilder().addAllKeys(keys.stream().map(AdminMessages::key).toList()).build()));
    on(grpc, AdminServiceGrpcService.SetBucketPolicy, this::setBucketPolicy);
    on(grpc, AdminServiceGrpcService.GetBucketPolicy, (BucketRef r) -> buckets.policy(r.getBucket())
        .map(p -> AdminMessages.policy(r.getBucket(), p)));
    on(grpc, AdminServiceGrpcService.DeleteBucketPolicy, (BucketRef r) -> buckets.deletePolicy(r.getBucket())
        .map(p -> AdminMessages.policy(r.getBucket(), p)));
    on(grpc, AdminServiceGrpcService.ListBuckets, this::listBuckets);
  }

  private Future<ListBucketsAdminReply> listBuckets(ListBucketsAdminRequest r) {
    int limit = r.getLimit() <= 0 ? 1000 : Math.min(r.getLimit(), 1000);
    return buckets.list(null, r.getAfter(), limit).map(page -> {
      ListBucketsAdminReply.Builder b = ListBucketsAdminReply.newBuilder().setTruncated(page.nextAfter() != null);
      page.buckets().forEach(x -> b.addBuckets(BucketSummary.newBuilder().setName(x.getName()).setOwner(x.getOwner())
          .setRegion(x.getRegion()).setCreatedMs(x.getCreatedMs()).setHasPolicy(!x.getPolicy().isEmpty())));
      return b.build();
    });
  }

  private Future<User> createUser(CreateUserRequest r) {
    String problem = PolicyDocuments.identityPolicyProblem(r.getPolicy());
    if (problem != null) {
      return Future.failedFuture(new StatusException(GrpcStatus.INVALID_ARGUMENT, "MalformedPolicy: " + problem));
    }
    return users.createUser(r.getName(), r.getAdmin(), r.getPolicy())
        .onSuccess(u -> LOG.atInfo().addKeyValue("user", r.getName()).addKeyValue("admin", r.getAdmin()).log("user created"))
        .map(u -> AdminMessages.user(u, java.util.List.of()));
  }

  private Future<ListUsersReply> listUsers(ListUsersRequest r) {
    return users.users(r.getAfter(), r.getLimit()).map(page -> ListUsersReply.newBuilder()
        .addAllUsers(page.items().stream().map(u -> AdminMessages.user(u, java.util.List.of())).toList())
        .setTruncated(page.truncated()).build());
  }

  private Future<User> setUserPolicy(SetUserPolicyRequest r) {
    String problem = PolicyDocuments.identityPolicyProblem(r.getPolicy());
    if (problem != null) {
      return Future.failedFuture(new StatusException(GrpcStatus.INVALID_ARGUMENT, "MalformedPolicy: " + problem));
    }
    return withKeys(users.setPolicy(r.getName(), r.getPolicy(), r.hasAdmin() ? r.getAdmin() : null));
  }

  private Future<AccessKeySecret> createKey(UserRef r) {
    return users.createKey(r.getName())
        .onSuccess(k -> LOG.atInfo().addKeyValue("user", r.getName()).addKeyValue("accessKey", k.key().getString("_id"))
            .log("access key created"))
        .map(k -> AccessKeySecret.newBuilder().setKey(AdminMessages.key(k.key())).setSecretAccessKey(k.secret()).build());
  }

  private Future<BucketPolicy> setBucketPolicy(BucketPolicy r) {
    return buckets.setPolicy(r.getBucket(), r.getPolicy()).map(p -> AdminMessages.policy(r.getBucket(), p));
  }

  private Future<User> withKeys(Future<JsonObject> user) {
    return user.compose(u -> users.keysOf(u.getString("_id")).map(keys -> AdminMessages.user(u, keys)));
  }

  public <Req extends MessageLite, Resp> void on(GrpcServer grpc, ServiceMethod<Req, Resp> method,
      Function<Req, Future<Resp>> handler) {
    grpc.callHandler(method, call -> call.handler(msg -> authorize(call, msg)
        .compose(v -> handler.apply(msg))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            call.response().end(ar.result());
          } else {
            call.response().fail(ar.cause());
          }
        })));
  }

  private <Req extends MessageLite> Future<Void> authorize(GrpcServerRequest<Req, ?> call, Req msg) {
    AdminAuth.Signed signed = AdminAuth.parse(call.headers());
    if (signed == null) {
      return Future.failedFuture(new StatusException(GrpcStatus.UNAUTHENTICATED,
          "admin calls need an access key: pass --access-key/--secret-key or KDSS_ACCESS_KEY/KDSS_SECRET_KEY"));
    }
    return users.activeKey(signed.accessKeyId())
        .recover(e -> Future.failedFuture(new StatusException(GrpcStatus.UNAUTHENTICATED,
            "access key " + signed.accessKeyId() + " is unknown or revoked")))
        .compose(owner -> {
          byte[] key = SigningKeys.derive(owner.secret(), signed.day(), AdminAuth.REGION, AdminAuth.SERVICE);
          if (!AdminAuth.verify(signed, key, call.fullMethodName(), msg.toByteArray(), Instant.now())) {
            return Future.failedFuture(new StatusException(GrpcStatus.UNAUTHENTICATED,
                "signature does not match (wrong secret key, or clock more than 5 minutes off)"));
          }
          if (!owner.user().getBoolean("admin", false)) {
            return Future.failedFuture(new StatusException(GrpcStatus.PERMISSION_DENIED,
                "user " + owner.user().getString("_id") + " is not an admin"));
          }
          return Future.succeededFuture();
        });
  }
}
