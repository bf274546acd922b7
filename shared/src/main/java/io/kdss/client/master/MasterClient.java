package io.kdss.client.master;

import io.kdss.config.HostPort;
import io.kdss.proto.*;
import io.kdss.rpc.RpcException;
import io.kdss.rpc.UnaryCall;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The client side of the masters, for the client library, the S3 gateway and FUSE. It knows
 * every master, sends each call to the current one and moves on to the next when that master
 * cannot be reached, until the failover deadline. Any master serves every call, so there is no
 * leader to find. Other failures come back as {@link RpcException} with the master's status
 * and message; namespace reasons are read with {@link NamespaceErrno#of(Throwable)}.
 *
 * <p>Failover never re-sends a mutation whose outcome is unknown: a call moves on when it
 * was never sent (no connection) or the master answered UNAVAILABLE (it could not apply it);
 * a lost reply or a missed deadline is retried only for reads and idempotent calls. Any
 * other mutation fails with that error, since re-applying e.g. an append later could bring
 * back stripes a newer write already released. Every call has a deadline
 * ({@link MasterClientOptions#callTimeoutMs()}), enforced on this side.
 */
public final class MasterClient {

  private static final Set<String> IDEMPOTENT = Set.of("Lookup", "Resolve", "GetAttr", "Readdir", "ListKeys",
      "ReadStripes", "GetGroup", "GetClusterStatus", "CheckScheme", "AllocateGroup", "ReserveStripeIds",
      "GetSigningKey", "GetBucket", "ListBuckets", "GetUpload", "ListUploads", "AbandonStripes", "ReportBadShard");

  private final Vertx vertx;
  private final GrpcClient grpc;
  private final MasterClientOptions options;
  private final List<SocketAddress> masters;
  private volatile int current;

  private MasterClient(Vertx vertx, MasterClientOptions options) {
    if (options.masters().isEmpty()) {
      throw new IllegalArgumentException("a master client needs at least one master address");
    }
    this.vertx = vertx;
    this.options = new MasterClientOptions(options);
    this.grpc = GrpcClient.client(vertx);
    List<SocketAddress> list = new ArrayList<>();
    for (int i = 0; i < options.masters().size(); i++) {
      HostPort hp = HostPort.parse(options.masters().get(i), "masters[" + i + "]");
      list.add(SocketAddress.inetSocketAddress(hp.port(), hp.host()));
    }
    this.masters = List.copyOf(list);
  }

  public static MasterClient create(Vertx vertx, MasterClientOptions options) {
    return new MasterClient(vertx, options);
  }

  /** The master calls go to now (host:port). */
  public String currentMaster() {
    SocketAddress a = masters.get(current);
    return a.host() + ":" + a.port();
  }

  public Future<Void> close() {
    return grpc.close();
  }

  /** Any unary call of the KDSS contracts, with failover. */
  public <Req, Resp> Future<Resp> call(ServiceMethod<Resp, Req> method, Req request) {
    long deadline = System.currentTimeMillis() + options.failoverDeadlineMs();
    Promise<Resp> result = Promise.promise();
    attempt(method, request, deadline, current, 0, null, result);
    return result.future();
  }

  private <Req, Resp> void attempt(ServiceMethod<Resp, Req> method, Req request, long deadline, int index,
      int tried, Throwable last, Promise<Resp> result) {
    long left = deadline - System.currentTimeMillis();
    if (left <= 0) {
      result.fail(last != null ? last : new RpcException(GrpcStatus.UNAVAILABLE, "no master answered"));
      return;
    }
    long timeout = Math.min(options.callTimeoutMs(), left);
    UnaryCall.call(vertx, grpc, masters.get(index), method, request, timeout, headers -> { }).onComplete(ar -> {
      if (ar.succeeded()) {
        current = index;
        result.complete(ar.result());
        return;
      }
      Throwable e = ar.cause();
      if (!failsOver(method, e)) {
        current = index;
        result.fail(e);
        return;
      }
      int next = (index + 1) % masters.size();
      int count = tried + 1;
      long pause = count % masters.size() == 0 ? options.roundBackoffMs() : 0;
      if (pause == 0) {
        attempt(method, request, deadline, next, count, e, result);
      } else {
        vertx.setTimer(pause, t -> attempt(method, request, deadline, next, count, e, result));
      }
    });
  }

  static boolean failsOver(ServiceMethod<?, ?> method, Throwable e) {
    if (UnaryCall.notSent(e) || RpcException.is(e, GrpcStatus.UNAVAILABLE)) {
      return true;
    }
    boolean ambiguous = !(e instanceof RpcException) || RpcException.is(e, GrpcStatus.DEADLINE_EXCEEDED);
    return ambiguous && IDEMPOTENT.contains(method.methodName());
  }

  // Namespace.

  public Future<Entry> lookup(long parentId, String name) {
    return call(NamespaceServiceGrpcClient.Lookup, LookupRequest.newBuilder().setParentId(parentId).setName(name).build());
  }

  public Future<Entry> resolve(String path) {
    return call(NamespaceServiceGrpcClient.Resolve, ResolveRequest.newBuilder().setPath(path).build());
  }

  public Future<Entry> resolve(ResolveRequest request) {
    return call(NamespaceServiceGrpcClient.Resolve, request);
  }

  public Future<Entry> getAttr(long id) {
    return call(NamespaceServiceGrpcClient.GetAttr, GetAttrRequest.newBuilder().setId(id).build());
  }

  public Future<Entry> setAttr(SetAttrRequest request) {
    return call(NamespaceServiceGrpcClient.SetAttr, request);
  }

  public Future<Entry> mkdir(CreateRequest request) {
    return call(NamespaceServiceGrpcClient.Mkdir, request);
  }

  public Future<Entry> mkdir(long parentId, String name) {
    return mkdir(CreateRequest.newBuilder().setParentId(parentId).setName(name).build());
  }

  public Future<Entry> create(CreateRequest request) {
    return call(NamespaceServiceGrpcClient.Create, request);
  }

  public Future<Entry> create(long parentId, String name) {
    return create(CreateRequest.newBuilder().setParentId(parentId).setName(name).build());
  }

  public Future<Entry> symlink(long parentId, String name, String target) {
    return call(NamespaceServiceGrpcClient.Symlink, CreateRequest.newBuilder().setParentId(parentId).setName(name)
        .setSymlinkTarget(target).build());
  }

  public Future<ReaddirReply> readdir(ReaddirRequest request) {
    return call(NamespaceServiceGrpcClient.Readdir, request);
  }

  public Future<ListKeysReply> listKeys(ListKeysRequest request) {
    return call(NamespaceServiceGrpcClient.ListKeys, request);
  }

  public Future<Entry> rename(RenameRequest request) {
    return call(NamespaceServiceGrpcClient.Rename, request);
  }

  public Future<Entry> unlink(long parentId, String name) {
    return call(NamespaceServiceGrpcClient.Unlink, RemoveRequest.newBuilder().setParentId(parentId).setName(name).build());
  }

  public Future<Entry> unlink(RemoveRequest request) {
    return call(NamespaceServiceGrpcClient.Unlink, request);
  }

  public Future<Entry> rmdir(long parentId, String name) {
    return call(NamespaceServiceGrpcClient.Rmdir, RemoveRequest.newBuilder().setParentId(parentId).setName(name).build());
  }

  public Future<WriteHandle> beginWrite(BeginWriteRequest request) {
    return call(NamespaceServiceGrpcClient.BeginWrite, request);
  }

  public Future<Entry> commitWrite(CommitWriteRequest request) {
    return call(NamespaceServiceGrpcClient.CommitWrite, request);
  }

  public Future<Entry> abortWrite(long id, long contentId) {
    return call(NamespaceServiceGrpcClient.AbortWrite, AbortWriteRequest.newBuilder().setId(id).setContentId(contentId).build());
  }

  public Future<Entry> appendStripes(AppendStripesRequest request) {
    return call(NamespaceServiceGrpcClient.AppendStripes, request);
  }

  public Future<Entry> replaceStripes(ReplaceStripesRequest request) {
    return call(NamespaceServiceGrpcClient.ReplaceStripes, request);
  }

  public Future<ReadStripesReply> readStripes(ReadStripesRequest request) {
    return call(NamespaceServiceGrpcClient.ReadStripes, request);
  }

  // Placement.

  public Future<EcGroup> allocateGroup(AllocateGroupRequest request) {
    return call(PlacementServiceGrpcClient.AllocateGroup, request);
  }

  public Future<EcGroup> getGroup(long groupId) {
    return call(PlacementServiceGrpcClient.GetGroup, GetGroupRequest.newBuilder().setGroupId(groupId).build());
  }

  public Future<StripeIdRange> reserveStripeIds(int count) {
    return call(PlacementServiceGrpcClient.ReserveStripeIds, ReserveStripeIdsRequest.newBuilder().setCount(count).build());
  }

  public Future<Ack> reportBadShard(BadShardReport report) {
    return call(PlacementServiceGrpcClient.ReportBadShard, report);
  }

  public Future<Ack> abandonStripes(AbandonStripesRequest request) {
    return call(PlacementServiceGrpcClient.AbandonStripes, request);
  }

  public Future<ClusterStatus> clusterStatus() {
    return call(PlacementServiceGrpcClient.GetClusterStatus, ClusterStatusRequest.getDefaultInstance());
  }

  public Future<Ack> checkScheme(int k, int m) {
    return call(PlacementServiceGrpcClient.CheckScheme, EcScheme.newBuilder().setK(k).setM(m).build());
  }
}
