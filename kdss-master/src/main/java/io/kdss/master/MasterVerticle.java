package io.kdss.master;

import io.kdss.client.master.NamespaceErrno;
import io.kdss.master.admin.AdminEndpoint;
import io.kdss.master.admin.AuthEndpoint;
import io.kdss.master.admin.UserStore;
import io.kdss.master.bucket.BucketCatalog;
import io.kdss.master.bucket.BucketEndpoint;
import io.kdss.master.gc.GarbageCollector;
import io.kdss.master.gc.GarbageQueue;
import io.kdss.master.heartbeat.HeartbeatEndpoint;
import io.kdss.master.heartbeat.LivenessMonitor;
import io.kdss.master.heartbeat.NodeRegistry;
import io.kdss.master.heartbeat.OrderOutbox;
import io.kdss.master.lease.LeaderLease;
import io.kdss.master.namespace.Namespace;
import io.kdss.master.namespace.NamespaceErrors;
import io.kdss.master.placement.ClusterViewCache;
import io.kdss.master.placement.ClusterViewLoader;
import io.kdss.master.placement.GroupByteCounter;
import io.kdss.master.placement.GroupMaintainer;
import io.kdss.master.placement.GroupPool;
import io.kdss.master.placement.GroupStore;
import io.kdss.master.placement.NotPlaceableException;
import io.kdss.master.placement.PlacementEndpoint;
import io.kdss.master.placement.SchemePolicy;
import io.kdss.master.repair.RepairAdminEndpoint;
import io.kdss.master.repair.RepairService;
import io.kdss.meta.IndexSpec;
import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.kdss.node.RoleContext;
import io.kdss.observe.HealthStatus;
import io.kdss.observe.OpsRoutes;
import io.kdss.rpc.RpcHttpServer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.grpc.server.GrpcServer;
import java.util.List;

/**
 * One master: its components wired on one event loop (they share in-memory state without
 * locks), its gRPC services and ops routes on the master port, its leader lease and the
 * singletons that run while it holds it.
 */
final class MasterVerticle extends VerticleBase {

  private final MasterOptions options;
  private final RoleContext ctx;
  private final String clusterId;
  private final String address;
  private final UserStore users;
  private LeaderLease lease;
  /** How long a stopping master waits to write the group byte counts it holds. */
  private static final long STOP_FLUSH_MS = 2_000;
  private GroupByteCounter groupBytes;
  private ClusterViewCache views;
  private LeaderDuties duties;
  private RepairService repair;

  MasterVerticle(MasterOptions options, RoleContext ctx, String clusterId, String address, UserStore users) {
    this.options = options;
    this.ctx = ctx;
    this.clusterId = clusterId;
    this.address = address;
    this.users = users;
  }

  @Override
  public Future<?> start() {
    MetaStore store = ctx.metaStore();
    String masterId = ctx.node().id();
    lease = new LeaderLease(vertx, store, masterId, address, options.leaseMs());
    views = new ClusterViewCache(vertx, new ClusterViewLoader(store.client()), options.viewRefreshMs());
    SchemePolicy policy = new SchemePolicy(options.diskReserveBytes());
    GroupStore groups = new GroupStore(store);
    groupBytes = new GroupByteCounter(vertx, groups);
    GroupPool pool = new GroupPool(views, policy, groups);
    OrderOutbox outbox = new OrderOutbox();
    NodeRegistry registry = new NodeRegistry(store.client(),
        Math.max(options.heartbeatIntervalMs(), options.suspectAfterMs() / 4L), 30_000);
    GarbageQueue garbage = new GarbageQueue(store, options.gcGraceMs());
    Namespace namespace = new Namespace(vertx, store, options, garbage, (k, m) -> {
      try {
        policy.check(views.view(), k, m);
      } catch (NotPlaceableException e) {
        throw NamespaceErrors.error(NamespaceErrno.ENOSPC, e.getMessage());
      }
    }, groupBytes::add, ctx.metrics());
    GarbageCollector gc = new GarbageCollector(store, garbage, namespace.reaper(), outbox, options.orderTimeoutMs(),
        ctx.metrics());
    repair = new RepairService(vertx, store, options, policy, outbox, ctx.metrics());
    duties = new LeaderDuties(vertx, options, lease, views, new LivenessMonitor(store.client(), options, registry),
        new GroupMaintainer(options, policy, groups, pool), gc, namespace::sweep, outbox, repair);

    GrpcServer grpc = GrpcServer.server(vertx);
    new HeartbeatEndpoint(masterId, options, clusterId, registry, lease, outbox).bind(grpc);
    new PlacementEndpoint(options, store, views, pool, policy, lease, clusterId, gc::pending, outbox::waitingCount,
        garbage, repair::status).bind(grpc);
    namespace.endpoint().bind(grpc);
    BucketCatalog buckets = new BucketCatalog(namespace, store);
    AdminEndpoint admin = new AdminEndpoint(users, buckets);
    admin.bind(grpc);
    new RepairAdminEndpoint(store, views, policy, repair).bind(grpc, admin);
    new AuthEndpoint(users, buckets).bind(grpc);
    new BucketEndpoint(buckets).bind(grpc);
    namespace.multipartEndpoint().bind(grpc);
    MasterMetrics.register(ctx.metrics(), views, lease, gc, outbox);
    ctx.health().register("master", () -> health(masterId));
    Router router = OpsRoutes.mount(Router.router(vertx), ctx.health(), ctx.metrics());
    return store.ensureIndexes(List.of(IndexSpec.of(MetaCollections.NODES, "state", new JsonObject().put("state", 1))))
        .compose(v -> namespace.init(store))
        .compose(v -> repair.init(store))
        .compose(v -> views.start())
        .compose(v -> RpcHttpServer.listen(vertx, options.host(), options.port(), grpc, router))
        .onSuccess(s -> {
          lease.start();
          duties.start();
        });
  }

  @Override
  public Future<?> stop() {
    if (duties != null) {
      duties.stop();
    }
    if (views != null) {
      views.stop();
    }
    if (repair != null) {
      repair.close();
    }
    // Bounded: a store already going away must not hold the node's shutdown (the counts only size groups).
    Future<Void> counted = groupBytes == null ? Future.succeededFuture()
        : groupBytes.flush().timeout(STOP_FLUSH_MS, java.util.concurrent.TimeUnit.MILLISECONDS).otherwiseEmpty();
    return counted.compose(v -> lease == null ? Future.succeededFuture() : lease.stop());
  }

  private HealthStatus health(String masterId) {
    var view = views.view();
    JsonObject details = new JsonObject().put("clusterId", clusterId).put("rpc", address)
        .put("leader", lease.leaderId()).put("isLeader", lease.isLeader()).put("epoch", lease.lastEpochSeen())
        .put("nodes", view.nodes().size()).put("volumes", view.disks().size()).put("groups", view.groups().size());
    long stale = System.currentTimeMillis() - view.loadedMs();
    if (stale > Math.max(10_000, options.viewRefreshMs() * 10L)) {
      return HealthStatus.degraded(details.put("problem", "cluster view not refreshed for " + stale
          + " ms (metadata store unreachable?)"));
    }
    return HealthStatus.up(details);
  }
}
