package io.kdss.s3;

import io.kdss.node.RoleContext;
import io.kdss.observe.OpsRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/** One event loop's S3 HTTP server. */
final class S3Verticle extends VerticleBase {

  private final S3Options options;
  private final RoleContext ctx;

  S3Verticle(S3Options options, RoleContext ctx) {
    this.options = options;
    this.ctx = ctx;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    OpsRoutes.mount(router, ctx.health(), ctx.metrics());
    router.route().handler(rc -> rc.response().setStatusCode(501)
        .putHeader("content-type", "application/xml")
        .end("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NotImplemented</Code>"
            + "<Message>The S3 API is not served by this build yet.</Message></Error>"));
    return vertx.createHttpServer(new HttpServerOptions().setHost(options.host()).setPort(options.port())
            .setTcpNoDelay(true))
        .requestHandler(router)
        .listen();
  }
}
