package io.kdss.s3;

import io.kdss.node.Deployments;
import io.kdss.node.RoleContext;
import io.kdss.node.RoleService;
import io.kdss.observe.HttpEndpoint;
import io.vertx.core.Future;
import java.util.List;

/** Runs the gateway: one {@link S3Verticle} per core, all on the same port. */
final class S3Service implements RoleService {

  private final S3Options options;
  private Deployments deployments;

  S3Service(S3Options options) {
    this.options = options;
  }

  @Override
  public Future<Void> start(RoleContext ctx) {
    deployments = new Deployments(ctx.vertx());
    return deployments.deploy(() -> new S3Verticle(options, ctx), ctx.serverInstances());
  }

  @Override
  public Future<Void> stop() {
    return deployments == null ? Future.succeededFuture() : deployments.undeployAll();
  }

  @Override
  public List<String> endpoints() {
    return List.of(HttpEndpoint.line("S3 API", "http", options.host(), options.port()));
  }
}
