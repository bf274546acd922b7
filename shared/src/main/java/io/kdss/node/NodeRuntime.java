package io.kdss.node;

import io.kdss.config.ConfigException;
import io.kdss.config.ConfigSection;
import io.kdss.config.NodeOptions;
import io.kdss.meta.EmbeddedMongo;
import io.kdss.meta.MetaStore;
import io.kdss.observe.NodeHealth;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One KDSS node in one JVM: validates the whole configuration up front, then starts the
 * Vert.x instance, the embedded metadata store where configured, and the node's roles in
 * order; stops them in reverse.
 */
public final class NodeRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);

  private final NodeOptions node;
  private final List<Configured> roles;
  private final List<Configured> running = new ArrayList<>();
  private Vertx vertx;
  private EmbeddedMongo embedded;
  private MetaStore metaStore;
  private String metaUri;
  private PrometheusMeterRegistry registry;
  private NodeHealth health;

  private record Configured(Role role, RoleService service) {
  }

  private NodeRuntime(NodeOptions node, List<Configured> roles) {
    this.node = node;
    this.roles = roles;
  }

  /** Validates a parsed YAML configuration; every problem is a {@link ConfigException} naming its key. */
  public static NodeRuntime configure(Map<String, Object> yaml) {
    ConfigSection root = ConfigSection.root(yaml);
    NodeOptions node = new NodeOptions(root);
    List<Role> available = new ArrayList<>();
    ServiceLoader.load(Role.class).forEach(available::add);
    available.sort(Comparator.comparingInt(Role::startOrder));
    List<Configured> selected = new ArrayList<>();
    for (Role role : available) {
      RoleService service = role.configure(root.section(role.name()), node);
      if (node.runs(role.name())) {
        selected.add(new Configured(role, service));
      }
    }
    for (int i = 0; i < node.roles().size(); i++) {
      String name = node.roles().get(i);
      if (available.stream().noneMatch(r -> r.name().equals(name))) {
        throw new ConfigException("roles[" + i + "]", "role '" + name + "' is not part of this build");
      }
    }
    root.finish();
    return new NodeRuntime(node, selected);
  }

  public NodeOptions node() {
    return node;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The metadata store's connection string once started (the embedded server's, in dev). */
  public String metaUri() {
    return metaUri;
  }

  public Future<Void> start() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("node", node.id());
    health = new NodeHealth(node.id(), BuildInfo.version());
    Transport transport = NodeTransport.choose(!Boolean.getBoolean("kdss.nio"));
    vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
            .setJvmMetricsEnabled(true)
            .setLabels(EnumSet.of(Label.LOCAL, Label.HTTP_METHOD, Label.HTTP_CODE,
                Label.POOL_TYPE, Label.POOL_NAME))))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .withTransport(transport)
        .build();
    if (transport == Transport.IO_URING) {
      LOG.atInfo().addKeyValue("transport", "io_uring").log("network transport");
    } else {
      LOG.atInfo().addKeyValue("transport", transport.name()).addKeyValue("io_uring", NodeTransport.whyNotIoUring())
          .log("network transport (io_uring unavailable)");
    }
    try {
      if (node.mongo().embedded() && (node.runs("master") || node.runs("dashboard"))) {
        embedded = EmbeddedMongo.start(node.dataDir().resolve("meta"), node.mongo().embeddedPort());
        metaUri = embedded.connectionString();
      } else {
        metaUri = node.mongo().embedded() ? null : node.mongo().uri();
      }
    } catch (RuntimeException e) {
      return vertx.close().transform(v -> Future.failedFuture(e));
    }
    RoleContext context = new RoleContext(vertx, node, health, registry, this::metaStore, masters());
    Future<Void> chain = Future.succeededFuture();
    for (Configured c : roles) {
      chain = chain.compose(v -> c.service().start(context)
          .onSuccess(x -> running.add(c))
          .recover(e -> Future.failedFuture(new IllegalStateException(
              "role " + c.role().name() + " failed to start: " + e.getMessage(), e))));
    }
    return chain.recover(e -> stop().transform(v -> Future.failedFuture(e)));
  }

  /** Every endpoint the node's roles serve, for the start-up banner. */
  public List<String> endpoints() {
    List<String> out = new ArrayList<>();
    for (Configured c : running) {
      out.addAll(c.service().endpoints());
    }
    if (embedded != null) {
      out.add(String.format("%-12s%s", "Metadata", embedded.connectionString() + " (embedded)"));
    }
    return out;
  }

  public Future<Void> stop() {
    Future<Void> chain = Future.succeededFuture();
    List<Configured> reverse = new ArrayList<>(running);
    java.util.Collections.reverse(reverse);
    for (Configured c : reverse) {
      chain = chain.compose(v -> c.service().stop()
          .recover(e -> {
            LOG.atWarn().addKeyValue("role", c.role().name()).setCause(e).log("role did not stop cleanly");
            return Future.succeededFuture();
          }));
    }
    running.clear();
    return chain
        .compose(v -> metaStore == null ? Future.<Void>succeededFuture() : metaStore.close().recover(e -> Future.succeededFuture()))
        .compose(v -> vertx == null ? Future.<Void>succeededFuture() : vertx.close())
        .andThen(ar -> {
          if (embedded != null) {
            embedded.close();
            embedded = null;
          }
          if (registry != null) {
            registry.close();
          }
        });
  }

  private synchronized MetaStore metaStore() {
    if (metaStore == null) {
      if (metaUri == null) {
        throw new IllegalStateException("this node has no metadata store: set mongo.uri to the cluster's MongoDB");
      }
      metaStore = MetaStore.connect(vertx, node.mongo(), metaUri);
    }
    return metaStore;
  }

  private List<String> masters() {
    if (!node.masters().isEmpty()) {
      return node.masters();
    }
    List<String> own = new ArrayList<>();
    for (Configured c : roles) {
      if (c.service().rpcAddress() != null && c.role().name().equals("master")) {
        own.add(c.service().rpcAddress());
      }
    }
    return own;
  }
}
