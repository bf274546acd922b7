package io.kdss.master;

import io.kdss.master.admin.AdminEndpoint;
import io.kdss.master.admin.AuthEndpoint;
import io.kdss.master.admin.PolicyDocuments;
import io.kdss.master.admin.UserStore;
import io.kdss.master.heartbeat.HeartbeatEndpoint;
import io.kdss.node.RoleContext;
import io.kdss.observe.OpsRoutes;
import io.kdss.rpc.RpcHttpServer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.grpc.server.GrpcServer;

/** The master's gRPC services and ops routes on the master port. */
final class MasterVerticle extends VerticleBase {

  private final MasterOptions options;
  private final RoleContext ctx;
  private final String clusterId;
  private final UserStore users;

  MasterVerticle(MasterOptions options, RoleContext ctx, String clusterId, UserStore users) {
    this.options = options;
    this.ctx = ctx;
    this.clusterId = clusterId;
    this.users = users;
  }

  @Override
  public Future<?> start() {
    GrpcServer grpc = GrpcServer.server(vertx);
    new HeartbeatEndpoint(ctx, options, clusterId).bind(grpc);
    new AdminEndpoint(users, PolicyDocuments::problem).bind(grpc);
    new AuthEndpoint(users).bind(grpc);
    Router router = OpsRoutes.mount(Router.router(vertx), ctx.health(), ctx.metrics());
    return RpcHttpServer.listen(vertx, options.host(), options.port(), grpc, router);
  }
}
