package io.kdss.s3;

import io.kdss.node.Deployments;
import io.kdss.node.RoleContext;
import io.kdss.node.RoleService;
import io.kdss.observe.HealthStatus;
import io.kdss.observe.HttpEndpoint;
import io.kdss.s3.auth.AdminCredentials;
import io.kdss.s3.auth.Authenticator;
import io.kdss.s3.auth.StaticAccessKeys;
import io.kdss.s3.backend.NotWiredBackend;
import io.kdss.s3.handler.S3Gateway;
import io.kdss.s3.http.S3Metrics;
import io.kdss.s3.sigv4.SigV4Verifier;
import io.kdss.s3.sigv4.SigningKeyCache;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the gateway: resolves the admin key pair ({@link AdminCredentials}), builds the shared
 * gateway services, and deploys one {@link S3Verticle} per core, all on the same port.
 */
final class S3Service implements RoleService {

  private static final Logger LOG = LoggerFactory.getLogger(S3Service.class);

  private final S3Options options;
  private Deployments deployments;
  private AdminCredentials.Resolved admin;

  S3Service(S3Options options) {
    this.options = options;
  }

  @Override
  public Future<Void> start(RoleContext ctx) {
    try {
      admin = AdminCredentials.resolve(System.getenv(), ctx.node().dataDir());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    if (admin.source() == AdminCredentials.Source.GENERATED) {
      System.out.println("S3 admin key pair generated (also in " + admin.file() + "):");
      System.out.println("  AWS_ACCESS_KEY_ID=" + admin.key().accessKeyId());
      System.out.println("  AWS_SECRET_ACCESS_KEY=" + admin.key().secretKey());
    }
    LOG.atInfo().addKeyValue("accessKey", admin.key().accessKeyId()).addKeyValue("source", admin.source())
        .log("s3 admin key");
    S3Gateway gateway = new S3Gateway(options, new NotWiredBackend(), Clock.systemUTC());
    Authenticator auth = new Authenticator(new StaticAccessKeys(List.of(admin.key())),
        new SigV4Verifier(options.region(), Clock.systemUTC(), Duration.ofSeconds(options.maxClockSkewSeconds()),
            new SigningKeyCache()));
    S3Metrics metrics = new S3Metrics(ctx.metrics());
    ctx.health().register("s3", () -> HealthStatus.up(new io.vertx.core.json.JsonObject()
        .put("port", options.port()).put("dataPath", "not wired")));
    deployments = new Deployments(ctx.vertx());
    return deployments.deploy(() -> new S3Verticle(gateway, auth, metrics, ctx.metrics(), ctx.health()),
        ctx.serverInstances());
  }

  @Override
  public Future<Void> stop() {
    return deployments == null ? Future.succeededFuture() : deployments.undeployAll();
  }

  @Override
  public List<String> endpoints() {
    List<String> lines = new ArrayList<>();
    lines.add(HttpEndpoint.line("S3 API", options.tls() ? "https" : "http", options.host(), options.port()));
    if (admin != null && admin.file() != null) {
      lines.add(String.format("%-12s%s (AWS_SHARED_CREDENTIALS_FILE=%s)", "S3 key", admin.key().accessKeyId(),
          admin.file()));
    }
    return lines;
  }
}
