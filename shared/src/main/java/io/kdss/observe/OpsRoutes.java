package io.kdss.observe;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/** Mounts {@code GET /health} (JSON) and {@code GET /metrics} (Prometheus text) on a router. */
public final class OpsRoutes {

  private OpsRoutes() {
  }

  public static Router mount(Router router, NodeHealth health, PrometheusMeterRegistry registry) {
    router.get("/health").handler(ctx -> {
      JsonObject body = health.snapshot();
      int status = "DOWN".equals(body.getString("status")) ? 503 : 200;
      ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
          .end(body.encodePrettily());
    });
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    return router;
  }
}
