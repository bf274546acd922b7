package io.kdss.storage;

import io.kdss.node.BuildInfo;
import io.kdss.node.Deployments;
import io.kdss.node.RoleContext;
import io.kdss.node.RoleService;
import io.kdss.observe.HttpEndpoint;
import io.kdss.proto.NodeReport;
import io.kdss.shard.ShardClient;
import io.kdss.shard.ShardClientOptions;
import io.kdss.storage.heartbeat.DiskReports;
import io.kdss.storage.heartbeat.HeartbeatClient;
import io.kdss.storage.heartbeat.OrderExecutor;
import io.kdss.storage.repair.ShardRebuilder;
import io.kdss.storage.server.ShardServer;
import io.kdss.storage.volume.Volume;
import io.kdss.storage.volume.VolumeSet;
import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a storage node: starts the heartbeat to every master, opens the disks (formatting
 * blank ones in dev once a master has told the cluster id), then serves the data plane
 * (binary TCP, {@link ShardServer}) and the control port (gRPC, /health, /metrics).
 */
final class StorageService implements RoleService {

  /** How long a node with blank disks to auto-format waits for a master to tell the cluster id. */
  private static final long CLUSTER_ID_WAIT_S = 60;

  private final StorageOptions options;
  private Deployments deployments;
  private VolumeSet volumes;
  private HeartbeatClient heartbeat;
  /** Data-plane client for repair orders (fetching survivors from peer nodes). */
  private ShardClient repairShards;
  private RoleContext ctx;

  StorageService(StorageOptions options) {
    this.options = options;
  }

  @Override
  public Future<Void> start(RoleContext context) {
    this.ctx = context;
    deployments = new Deployments(ctx.vertx());
    volumes = new VolumeSet(options, ctx.node().id(), ctx.metrics());
    repairShards = ShardClient.create(ctx.vertx(), new ShardClientOptions());
    heartbeat = new HeartbeatClient(ctx.vertx(), ctx.masters(), this::report,
        new OrderExecutor(volumes, new ShardRebuilder(volumes, repairShards, ctx.metrics())));
    heartbeat.start();
    ctx.health().register("storage", volumes::health);
    return ctx.vertx().executeBlocking(() -> {
      volumes.open(this::awaitClusterId);
      return null;
    }, false).compose(v -> {
      heartbeat.clusterId().thenAccept(volumes::clusterId);
      return deployments.deploy(() -> new ShardServer(options, volumes), ctx.serverInstances());
    }).compose(v -> deployments.deploy(() -> new StorageVerticle(options, ctx), ctx.serverInstances()));
  }

  private UUID awaitClusterId() {
    try {
      return heartbeat.clusterId().get(CLUSTER_ID_WAIT_S, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return null;
    }
  }

  private NodeReport.Builder report() {
    NodeReport.Builder b = NodeReport.newBuilder().setNodeId(ctx.node().id()).setDataAddress(dataAddress())
        .setRack(ctx.node().rack()).addAllRoles(ctx.node().roles()).setVersion(BuildInfo.version());
    for (Volume v : volumes.volumes()) {
      b.addDisks(DiskReports.of(v));
    }
    return b;
  }

  private String dataAddress() {
    String host = "0.0.0.0".equals(options.host()) ? ctx.node().host() : options.host();
    return host + ":" + options.dataPort();
  }

  @Override
  public Future<Void> stop() {
    if (heartbeat != null) {
      heartbeat.stop();
    }
    if (repairShards != null) {
      repairShards.close();
    }
    Future<Void> undeployed = deployments == null ? Future.succeededFuture() : deployments.undeployAll();
    return undeployed.compose(v -> volumes == null ? Future.<Void>succeededFuture()
        : ctx.vertx().executeBlocking(() -> {
          volumes.close();
          return null;
        }, false).mapEmpty());
  }

  @Override
  public List<String> endpoints() {
    return List.of(HttpEndpoint.line("Storage", "http", options.host(), options.port())
        + " (" + options.disks().size() + " disks)",
        String.format("%-12s%s", "Shard data", "tcp://" + options.host() + ":" + options.dataPort()));
  }
}
