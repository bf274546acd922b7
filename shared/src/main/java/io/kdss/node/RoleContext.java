package io.kdss.node;

import io.kdss.config.NodeOptions;
import io.kdss.meta.MetaStore;
import io.kdss.observe.NodeHealth;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;

/** What a role gets from the node it runs on. */
public final class RoleContext {

  private final Vertx vertx;
  private final NodeOptions node;
  private final NodeHealth health;
  private final PrometheusMeterRegistry metrics;
  private final Supplier<MetaStore> metaStore;
  private final List<String> masters;

  RoleContext(Vertx vertx, NodeOptions node, NodeHealth health, PrometheusMeterRegistry metrics,
      Supplier<MetaStore> metaStore, List<String> masters) {
    this.vertx = vertx;
    this.node = node;
    this.health = health;
    this.metrics = metrics;
    this.metaStore = metaStore;
    this.masters = List.copyOf(masters);
  }

  public Vertx vertx() {
    return vertx;
  }

  public NodeOptions node() {
    return node;
  }

  public NodeHealth health() {
    return health;
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  /** The metadata store, connected on first use (only master and dashboard need it). */
  public MetaStore metaStore() {
    return metaStore.get();
  }

  /** Every master's gRPC address (host:port), this node's own included. */
  public List<String> masters() {
    return masters;
  }

  /** Event-loop instances for servers that scale with cores (S3, dashboard, storage). */
  public int serverInstances() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }
}
