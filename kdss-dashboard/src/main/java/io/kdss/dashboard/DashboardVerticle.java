package io.kdss.dashboard;

import io.kdss.node.RoleContext;
import io.kdss.observe.OpsRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/** One event loop's dashboard server: the single-page app's files and its API. */
final class DashboardVerticle extends VerticleBase {

  private final DashboardOptions options;
  private final RoleContext ctx;

  DashboardVerticle(DashboardOptions options, RoleContext ctx) {
    this.options = options;
    this.ctx = ctx;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    OpsRoutes.mount(router, ctx.health(), ctx.metrics());
    router.route().handler(StaticHandler.create("webroot"));
    return vertx.createHttpServer(new HttpServerOptions().setHost(options.host()).setPort(options.port()))
        .requestHandler(router)
        .listen();
  }
}
