package io.kdss.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/** The verticle deployments of one role, undeployed together in reverse order. */
public final class Deployments {

  private final Vertx vertx;
  private final List<String> ids = Collections.synchronizedList(new ArrayList<>());

  public Deployments(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Deploys {@code instances} copies (event-loop servers sharing one port scale this way). */
  public Future<Void> deploy(Supplier<? extends Deployable> factory, int instances) {
    return vertx.deployVerticle(factory, new DeploymentOptions().setInstances(instances))
        .onSuccess(ids::add)
        .mapEmpty();
  }

  public Future<Void> undeployAll() {
    List<String> reverse;
    synchronized (ids) {
      reverse = new ArrayList<>(ids);
      ids.clear();
    }
    Collections.reverse(reverse);
    Future<Void> chain = Future.succeededFuture();
    for (String id : reverse) {
      chain = chain.compose(v -> vertx.undeploy(id).recover(e -> Future.succeededFuture()));
    }
    return chain;
  }
}
