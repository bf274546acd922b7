package io.kdss.storage;

import io.kdss.node.Deployments;
import io.kdss.node.RoleContext;
import io.kdss.node.RoleService;
import io.kdss.observe.HttpEndpoint;
import io.vertx.core.Future;
import java.util.List;

/** Runs a storage node's servers. */
final class StorageService implements RoleService {

  private final StorageOptions options;
  private Deployments deployments;

  StorageService(StorageOptions options) {
    this.options = options;
  }

  @Override
  public Future<Void> start(RoleContext ctx) {
    deployments = new Deployments(ctx.vertx());
    return deployments.deploy(() -> new StorageVerticle(options, ctx), ctx.serverInstances());
  }

  @Override
  public Future<Void> stop() {
    return deployments == null ? Future.succeededFuture() : deployments.undeployAll();
  }

  @Override
  public List<String> endpoints() {
    return List.of(HttpEndpoint.line("Storage", "http", options.host(), options.port())
        + " (" + options.disks().size() + " disks)");
  }
}
