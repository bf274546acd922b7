package io.kdss.master;

import io.kdss.auth.SecretBox;
import io.kdss.config.NodeOptions;
import io.kdss.master.admin.AdminBootstrap;
import io.kdss.master.admin.MasterKey;
import io.kdss.master.admin.UserStore;
import io.kdss.node.Deployments;
import io.kdss.node.RoleContext;
import io.kdss.node.RoleService;
import io.kdss.observe.HttpEndpoint;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a master: prepares the metadata schema and the cluster's credentials, then deploys
 * the master verticle (gRPC, /health, lease).
 */
final class MasterService implements RoleService {

  private final MasterOptions options;
  private final NodeOptions node;
  private Deployments deployments;
  private volatile String clusterId;
  private volatile AdminBootstrap.Outcome admin;

  MasterService(MasterOptions options, NodeOptions node) {
    this.options = options;
    this.node = node;
  }

  @Override
  public Future<Void> start(RoleContext ctx) {
    deployments = new Deployments(ctx.vertx());
    return ctx.metaStore().ensureSchema()
        .compose(id -> {
          clusterId = id;
          return ctx.vertx().executeBlocking(() -> MasterKey.load(node.dataDir(), System.getenv()));
        })
        .compose(key -> {
          SecretBox box = new SecretBox(key.key());
          UserStore users = new UserStore(ctx.metaStore(), box);
          return AdminBootstrap.checkMasterKey(ctx.metaStore(), box, key.source())
              .compose(v -> AdminBootstrap.ensureAdmin(users, node.dataDir(), System.getenv()))
              .compose(outcome -> {
                admin = outcome;
                return deployments.deploy(() -> new MasterVerticle(options, ctx, clusterId, rpcAddress(), users), 1);
              });
        });
  }

  @Override
  public Future<Void> stop() {
    return deployments == null ? Future.succeededFuture() : deployments.undeployAll();
  }

  @Override
  public List<String> endpoints() {
    List<String> lines = new ArrayList<>();
    lines.add(HttpEndpoint.line("Master gRPC", "grpc", options.host(), options.port()));
    lines.add(String.format("%-12s%s", "Cluster id", clusterId));
    AdminBootstrap.Outcome a = admin;
    if (a != null && a.generatedSecret() != null) {
      lines.add(String.format("%-12s%s", "Access key", a.accessKeyId()));
      lines.add(String.format("%-12s%s", "Secret key", a.generatedSecret() + "  (shown once; also in " + a.credentialsFile() + ")"));
    } else if (a != null && java.nio.file.Files.exists(a.credentialsFile())) {
      lines.add(String.format("%-12s%s", "Credentials", a.credentialsFile()));
    }
    return lines;
  }

  @Override
  public String rpcAddress() {
    String host = "0.0.0.0".equals(options.host()) ? node.host() : options.host();
    return host + ":" + options.port();
  }
}
