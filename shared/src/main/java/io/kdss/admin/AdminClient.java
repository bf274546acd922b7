package io.kdss.admin;

import com.google.protobuf.MessageLite;
import io.kdss.auth.AdminAuth;
import io.kdss.proto.AccessKey;
import io.kdss.proto.AccessKeyRef;
import io.kdss.proto.AccessKeySecret;
import io.kdss.proto.AdminServiceGrpcClient;
import io.kdss.proto.BucketPolicy;
import io.kdss.proto.BucketRef;
import io.kdss.proto.CreateUserRequest;
import io.kdss.proto.ListAccessKeysReply;
import io.kdss.proto.ListBucketsAdminReply;
import io.kdss.proto.ListBucketsAdminRequest;
import io.kdss.proto.ListUsersReply;
import io.kdss.proto.ListUsersRequest;
import io.kdss.proto.SetUserPolicyRequest;
import io.kdss.proto.User;
import io.kdss.proto.UserRef;
import io.kdss.rpc.UnaryCall;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.ServiceMethod;
import java.time.Instant;

/** Signed calls to a master's AdminService (used by {@code kdss admin} and the dashboard). */
public final class AdminClient {

  public static final long DEFAULT_TIMEOUT_MS = 10_000;

  private final GrpcClient grpc;
  private final SocketAddress master;
  private final String accessKeyId;
  private final String secret;

  public AdminClient(GrpcClient grpc, SocketAddress master, String accessKeyId, String secret) {
    this.grpc = grpc;
    this.master = master;
    this.accessKeyId = accessKeyId;
    this.secret = secret;
  }

  public Future<User> createUser(String name, boolean admin, String policy) {
    return call(AdminServiceGrpcClient.CreateUser,
        CreateUserRequest.newBuilder().setName(name).setAdmin(admin).setPolicy(policy == null ? "" : policy).build());
  }

  public Future<ListUsersReply> listUsers(String after, int limit) {
    return call(AdminServiceGrpcClient.ListUsers, ListUsersRequest.newBuilder().setAfter(after).setLimit(limit).build());
  }

  public Future<User> user(String name) {
    return call(AdminServiceGrpcClient.GetUser, UserRef.newBuilder().setName(name).build());
  }

  public Future<User> deleteUser(String name) {
    return call(AdminServiceGrpcClient.DeleteUser, UserRef.newBuilder().setName(name).build());
  }

  public Future<User> setUserPolicy(String name, String policy, Boolean admin) {
    SetUserPolicyRequest.Builder b = SetUserPolicyRequest.newBuilder().setName(name).setPolicy(policy == null ? "" : policy);
    if (admin != null) {
      b.setAdmin(admin);
    }
    return call(AdminServiceGrpcClient.SetUserPolicy, b.build());
  }

  public Future<AccessKeySecret> createKey(String user) {
    return call(AdminServiceGrpcClient.CreateAccessKey, UserRef.newBuilder().setName(user).build());
  }

  public Future<AccessKey> revokeKey(String accessKeyId) {
    return call(AdminServiceGrpcClient.RevokeAccessKey, AccessKeyRef.newBuilder().setAccessKeyId(accessKeyId).build());
  }

  public Future<ListAccessKeysReply> keys(String user) {
    return call(AdminServiceGrpcClient.ListAccessKeys, UserRef.newBuilder().setName(user).build());
  }

  public Future<BucketPolicy> setBucketPolicy(String bucket, String policy) {
    return call(AdminServiceGrpcClient.SetBucketPolicy, BucketPolicy.newBuilder().setBucket(bucket).setPolicy(policy).build());
  }

  public Future<BucketPolicy> bucketPolicy(String bucket) {
    return call(AdminServiceGrpcClient.GetBucketPolicy, BucketRef.newBuilder().setBucket(bucket).build());
  }

  public Future<BucketPolicy> deleteBucketPolicy(String bucket) {
    return call(AdminServiceGrpcClient.DeleteBucketPolicy, BucketRef.newBuilder().setBucket(bucket).build());
  }

  public Future<ListBucketsAdminReply> listBuckets(String after, int limit) {
    return call(AdminServiceGrpcClient.ListBuckets, ListBucketsAdminRequest.newBuilder().setAfter(after).setLimit(limit).build());
  }

  /** One signed unary call to any admin-signed service of the master (AdminService, RepairAdminService). */
  public <Req extends MessageLite, Resp> Future<Resp> call(ServiceMethod<Resp, Req> method, Req request) {
    return UnaryCall.call(grpc, master, method, request, DEFAULT_TIMEOUT_MS, headers ->
        AdminAuth.sign(headers, method.fullMethodName(), request.toByteArray(), accessKeyId, secret, Instant.now()));
  }
}
