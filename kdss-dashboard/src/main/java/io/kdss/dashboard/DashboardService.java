package io.kdss.dashboard;

import io.kdss.node.Deployments;
import io.kdss.node.RoleContext;
import io.kdss.node.RoleService;
import io.kdss.observe.HttpEndpoint;
import io.vertx.core.Future;
import java.util.List;

/** Runs the dashboard's HTTP server, one verticle per core. */
final class DashboardService implements RoleService {

  private final DashboardOptions options;
  private Deployments deployments;

  DashboardService(DashboardOptions options) {
    this.options = options;
  }

  @Override
  public Future<Void> start(RoleContext ctx) {
    deployments = new Deployments(ctx.vertx());
    return deployments.deploy(() -> new DashboardVerticle(options, ctx), ctx.serverInstances());
  }

  @Override
  public Future<Void> stop() {
    return deployments == null ? Future.succeededFuture() : deployments.undeployAll();
  }

  @Override
  public List<String> endpoints() {
    return List.of(HttpEndpoint.line("Dashboard", "http", options.host(), options.port()));
  }
}
