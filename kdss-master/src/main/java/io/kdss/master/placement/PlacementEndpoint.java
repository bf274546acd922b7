package io.kdss.master.placement;

import io.kdss.master.MasterOptions;
import io.kdss.master.gc.GarbageQueue;
import io.kdss.master.lease.LeaderLease;
import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.kdss.proto.AbandonStripesRequest;
import io.kdss.proto.AbandonedStripe;
import io.kdss.proto.Ack;
import io.kdss.proto.AllocateGroupRequest;
import io.kdss.proto.BadShardReport;
import io.kdss.proto.ClusterStatus;
import io.kdss.proto.ClusterStatusRequest;
import io.kdss.proto.EcGroup;
import io.kdss.proto.EcScheme;
import io.kdss.proto.GetGroupRequest;
import io.kdss.proto.GroupMember;
import io.kdss.proto.GroupState;
import io.kdss.proto.NodeStatus;
import io.kdss.proto.PlacementServiceGrpcService;
import io.kdss.proto.ReserveStripeIdsRequest;
import io.kdss.proto.StripeIdRange;
import io.kdss.proto.VolumeStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.StatusException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.LongSupplier;

/** The placement gRPC service: group allocation, stripe ids, bad-shard reports, cluster status. */
public final class PlacementEndpoint extends PlacementServiceGrpcService {

  /** Counter of stripe ids (a stripe id is unique cluster-wide and never reused). */
  public static final String STRIPE_IDS = "stripes";
  /** Shards found missing or corrupt by readers, for the repair scheduler. */
  public static final String BAD_SHARDS = "bad_shards";
  static final int MAX_STRIPE_IDS = 1 << 20;
  static final int MAX_ABANDONED = 10_000;

  private final MasterOptions options;
  private final MetaStore store;
  private final ClusterViewCache views;
  private final GroupPool pool;
  private final SchemePolicy policy;
  private final LeaderLease lease;
  private final String clusterId;
  private final LongSupplier garbagePending;
  private final LongSupplier ordersWaiting;
  private final GarbageQueue garbage;
  private final java.util.function.Supplier<io.kdss.proto.RepairStatus> repairStatus;

  public PlacementEndpoint(MasterOptions options, MetaStore store, ClusterViewCache views, GroupPool pool,
      SchemePolicy policy, LeaderLease lease, String clusterId, LongSupplier garbagePending, LongSupplier ordersWaiting,
      GarbageQueue garbage, java.util.function.Supplier<io.kdss.proto.RepairStatus> repairStatus) {
    this.garbage = garbage;
    this.repairStatus = repairStatus;
    this.options = options;
    this.store = store;
    this.views = views;
    this.pool = pool;
    this.policy = policy;
    this.lease = lease;
    this.clusterId = clusterId;
    this.garbagePending = garbagePending;
    this.ordersWaiting = ordersWaiting;
  }

  @Override
  public Future<EcGroup> allocateGroup(AllocateGroupRequest request) {
    int k = request.getScheme().getK() == 0 ? options.ecK() : request.getScheme().getK();
    int m = request.getScheme().getK() == 0 ? options.ecM() : request.getScheme().getM();
    return pool.allocate(k, m, new HashSet<>(request.getExcludeGroupIdsList()))
        .map(g -> toProto(views.view(), g))
        .recover(PlacementEndpoint::status);
  }

  @Override
  public Future<EcGroup> getGroup(GetGroupRequest request) {
    ClusterView view = views.view();
    for (ClusterView.Group g : view.groups()) {
      if (g.id() == request.getGroupId()) {
        return Future.succeededFuture(toProto(view, g));
      }
    }
    return new GroupStore(store).get(request.getGroupId()).compose(g -> g == null
        ? Future.failedFuture(new StatusException(GrpcStatus.NOT_FOUND, "no group " + request.getGroupId()))
        : Future.succeededFuture(toProto(views.view(), g)));
  }

  @Override
  public Future<StripeIdRange> reserveStripeIds(ReserveStripeIdsRequest request) {
    if (request.getCount() < 1 || request.getCount() > MAX_STRIPE_IDS) {
      return Future.failedFuture(new StatusException(GrpcStatus.INVALID_ARGUMENT,
          "count must be 1.." + MAX_STRIPE_IDS + ", was " + request.getCount()));
    }
    return store.reserveIds(STRIPE_IDS, request.getCount())
        .map(first -> StripeIdRange.newBuilder().setFirst(first).setCount(request.getCount()).build());
  }

  @Override
  public Future<Ack> reportBadShard(BadShardReport report) {
    JsonObject doc = new JsonObject()
        .put("_id", report.getShard().getStripeId() + ":" + report.getShard().getIndex())
        .put("groupId", report.getGroupId()).put("diskId", report.getDiskId())
        .put("reason", report.getReason()).put("reportedMs", System.currentTimeMillis());
    return store.client().save(BAD_SHARDS, doc).map(x -> Ack.newBuilder().setOk(true).build());
  }

  @Override
  public Future<Ack> abandonStripes(AbandonStripesRequest request) {
    if (request.getStripesCount() > MAX_ABANDONED) {
      return Future.failedFuture(new StatusException(GrpcStatus.INVALID_ARGUMENT,
          "at most " + MAX_ABANDONED + " stripes per call"));
    }
    List<Future<Void>> queued = new ArrayList<>();
    long due = System.currentTimeMillis() + garbage.graceMs();
    for (AbandonedStripe a : request.getStripesList()) {
      if (a.getShards() < 1 || a.getShards() > 40) {
        return Future.failedFuture(new StatusException(GrpcStatus.INVALID_ARGUMENT, "shards must be k + m (1..40)"));
      }
      JsonArray stripe = new JsonArray().add(new JsonObject().put("s", a.getStripeId()).put("g", a.getGroupId())
          .put("n", a.getShards()));
      queued.add(garbage.stripes("abandoned-" + a.getGroupId() + "-" + a.getStripeId(), stripe, due));
    }
    return Future.all(queued).map(x -> Ack.newBuilder().setOk(true).build());
  }

  @Override
  public Future<Ack> checkScheme(EcScheme scheme) {
    try {
      policy.check(views.view(), scheme.getK(), scheme.getM());
      return Future.succeededFuture(Ack.newBuilder().setOk(true).build());
    } catch (NotPlaceableException e) {
      return status(e);
    }
  }

  @Override
  public Future<ClusterStatus> getClusterStatus(ClusterStatusRequest request) {
    ClusterView view = views.view();
    ClusterStatus.Builder s = ClusterStatus.newBuilder()
        .setLeaderId(lease.leaderId()).setEpoch(lease.lastEpochSeen())
        .setMasterId(lease.masterId()).setIsLeader(lease.isLeader()).setClusterId(clusterId)
        .setDefaultScheme(EcScheme.newBuilder().setK(options.ecK()).setM(options.ecM()))
        .setOpenGroups(view.count(view.groups(), GroupState.GROUP_OPEN))
        .setSealedGroups(view.count(view.groups(), GroupState.GROUP_SEALED))
        .setDegradedGroups(view.count(view.groups(), GroupState.GROUP_DEGRADED))
        .setRepairingGroups(view.count(view.groups(), GroupState.GROUP_REPAIRING))
        .setGarbagePending(garbagePending.getAsLong())
        .setOrdersWaiting(ordersWaiting.getAsLong())
        .setRepair(repairStatus.get());
    for (ClusterView.Node n : view.nodes().values()) {
      s.addNodes(NodeStatus.newBuilder().setNodeId(n.id()).setDataAddress(n.address()).setRack(n.rack())
          .setState(n.state()).setLastHeartbeatMs(n.lastHeartbeatMs()).addAllRoles(n.roles()));
    }
    for (ClusterView.Disk d : view.disks().values()) {
      s.addVolumes(VolumeStatus.newBuilder().setDiskId(d.id()).setNodeId(d.nodeId()).setCapacityBytes(d.capacity())
          .setUsedBytes(d.used()).setGarbageBytes(d.garbage()).setHealth(d.health()).setState(d.state()));
    }
    if (request.getWithGroups()) {
      view.groups().forEach(g -> s.addGroups(toProto(view, g)));
    }
    return Future.succeededFuture(s.build());
  }

  public static EcGroup toProto(ClusterView view, ClusterView.Group g) {
    EcGroup.Builder b = EcGroup.newBuilder().setGroupId(g.id())
        .setScheme(EcScheme.newBuilder().setK(g.k()).setM(g.m())).setState(g.state()).setBytes(g.bytes());
    for (ClusterView.Member mb : g.members()) {
      ClusterView.Node n = view.node(mb.nodeId());
      b.addMembers(GroupMember.newBuilder().setDiskId(mb.diskId()).setNodeId(mb.nodeId())
          .setDataAddress(n == null ? "" : n.address()));
    }
    return b.build();
  }

  private static <T> Future<T> status(Throwable e) {
    if (e instanceof NotPlaceableException) {
      return Future.failedFuture(new StatusException(GrpcStatus.FAILED_PRECONDITION, "ENOSPC: " + e.getMessage()));
    }
    return Future.failedFuture(e);
  }
}
