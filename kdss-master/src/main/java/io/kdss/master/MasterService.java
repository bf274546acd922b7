package io.kdss.master;

import io.kdss.config.NodeOptions;
import io.kdss.node.Deployments;
import io.kdss.node.RoleContext;
import io.kdss.node.RoleService;
import io.kdss.observe.HttpEndpoint;
import io.vertx.core.Future;
import java.util.List;

/** Runs a master: prepares the metadata schema, then deploys the master verticle (gRPC, /health, lease). */
final class MasterService implements RoleService {

  private final MasterOptions options;
  private final NodeOptions node;
  private Deployments deployments;
  private volatile String clusterId;

  MasterService(MasterOptions options, NodeOptions node) {
    this.options = options;
    this.node = node;
  }

  @Override
  public Future<Void> start(RoleContext ctx) {
    deployments = new Deployments(ctx.vertx());
    return ctx.metaStore().ensureSchema()
        .compose(id -> {
          clusterId = id;
          return deployments.deploy(() -> new MasterVerticle(options, ctx, id, rpcAddress()), 1);
        });
  }

  @Override
  public Future<Void> stop() {
    return deployments == null ? Future.succeededFuture() : deployments.undeployAll();
  }

  @Override
  public List<String> endpoints() {
    return List.of(HttpEndpoint.line("Master gRPC", "grpc", options.host(), options.port()),
        "Cluster id  " + clusterId);
  }

  @Override
  public String rpcAddress() {
    String host = "0.0.0.0".equals(options.host()) ? node.host() : options.host();
    return host + ":" + options.port();
  }
}
