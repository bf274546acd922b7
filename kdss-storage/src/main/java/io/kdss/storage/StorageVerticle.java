package io.kdss.storage;

import io.kdss.node.RoleContext;
import io.kdss.observe.OpsRoutes;
import io.kdss.rpc.RpcHttpServer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.grpc.server.GrpcServer;

/** One event loop's storage server: gRPC services and ops routes on the storage port. */
final class StorageVerticle extends VerticleBase {

  private final StorageOptions options;
  private final RoleContext ctx;

  StorageVerticle(StorageOptions options, RoleContext ctx) {
    this.options = options;
    this.ctx = ctx;
  }

  @Override
  public Future<?> start() {
    GrpcServer grpc = GrpcServer.server(vertx);
    Router router = OpsRoutes.mount(Router.router(vertx), ctx.health(), ctx.metrics());
    return RpcHttpServer.listen(vertx, options.host(), options.port(), grpc, router);
  }
}
