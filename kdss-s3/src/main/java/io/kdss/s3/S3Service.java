package io.kdss.s3;

import io.kdss.client.KdssClient;
import io.kdss.client.MasterStripePlacement;
import io.kdss.client.ShardClientTransport;
import io.kdss.client.master.MasterClient;
import io.kdss.client.master.MasterClientOptions;
import io.kdss.node.Deployments;
import io.kdss.node.RoleContext;
import io.kdss.node.RoleService;
import io.kdss.observe.HealthStatus;
import io.kdss.observe.HttpEndpoint;
import io.kdss.s3.auth.Authenticator;
import io.kdss.s3.auth.MasterAccessKeys;
import io.kdss.s3.cluster.ClusterBackend;
import io.kdss.s3.handler.S3Gateway;
import io.kdss.s3.http.S3Metrics;
import io.kdss.s3.sigv4.SigV4Verifier;
import io.kdss.s3.sigv4.SigningKeyCache;
import io.kdss.shard.ShardClient;
import io.kdss.shard.ShardClientOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the gateway: one {@link MasterClient} (namespace, buckets, keys, with failover across
 * the node's masters), one {@link KdssClient} over the storage nodes' data plane, the
 * {@link ClusterBackend} over both, access keys verified through the masters (the gateway
 * never holds a secret), and one {@link S3Verticle} per core on the same port.
 */
final class S3Service implements RoleService {

  private static final Logger LOG = LoggerFactory.getLogger(S3Service.class);

  private final S3Options options;
  private Deployments deployments;
  private MasterClient masters;
  private ShardClient shards;
  private KdssClient client;

  S3Service(S3Options options) {
    this.options = options;
  }

  @Override
  public Future<Void> start(RoleContext ctx) {
    if (ctx.masters().isEmpty()) {
      return Future.failedFuture(new IllegalStateException("the s3 role needs the masters' addresses: set 'masters'"
          + " in the node config (or run a master on this node)"));
    }
    masters = MasterClient.create(ctx.vertx(), new MasterClientOptions().setMasters(ctx.masters()));
    shards = ShardClient.create(ctx.vertx(), new ShardClientOptions());
    MasterStripePlacement placement = new MasterStripePlacement(masters);
    client = new KdssClient(ctx.vertx(), options.client(), placement, new ShardClientTransport(shards), ctx.metrics());
    ClusterBackend backend = new ClusterBackend(masters, client, placement, options.bucketCacheMs());
    S3Gateway gateway = new S3Gateway(options, backend, Clock.systemUTC());
    Authenticator auth = new Authenticator(new MasterAccessKeys(masters, System::currentTimeMillis),
        new SigV4Verifier(options.region(), Clock.systemUTC(), Duration.ofSeconds(options.maxClockSkewSeconds()),
            new SigningKeyCache()));
    S3Metrics metrics = new S3Metrics(ctx.metrics());
    ctx.health().register("s3", () -> HealthStatus.up(new JsonObject().put("port", options.port())
        .put("masters", masters.currentMaster())));
    LOG.atInfo().addKeyValue("masters", ctx.masters()).addKeyValue("port", options.port()).log("s3 gateway starting");
    deployments = new Deployments(ctx.vertx());
    return deployments.deploy(() -> new S3Verticle(gateway, auth, metrics, ctx.metrics(), ctx.health()),
        ctx.serverInstances());
  }

  @Override
  public Future<Void> stop() {
    Future<Void> undeployed = deployments == null ? Future.succeededFuture() : deployments.undeployAll();
    return undeployed.transform(ar -> {
      List<Future<Void>> closing = new ArrayList<>();
      if (client != null) {
        closing.add(client.close());
      }
      if (shards != null) {
        closing.add(shards.close());
      }
      if (masters != null) {
        closing.add(masters.close());
      }
      return Future.join(closing).transform(x -> ar.succeeded() ? Future.<Void>succeededFuture()
          : Future.<Void>failedFuture(ar.cause()));
    });
  }

  @Override
  public List<String> endpoints() {
    return List.of(HttpEndpoint.line("S3 API", options.tls() ? "https" : "http", options.host(), options.port()));
  }
}
