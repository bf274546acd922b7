package io.kdss.s3.http;

import io.kdss.observe.NodeHealth;
import io.kdss.s3.S3Options;
import io.kdss.s3.S3Verticle;
import io.kdss.s3.auth.Authenticator;
import io.kdss.s3.auth.StaticAccessKeys;
import io.kdss.s3.auth.StaticAccessKeys.TestKey;
import io.kdss.s3.backend.MemoryBackend;
import io.kdss.s3.handler.S3Gateway;
import io.kdss.s3.sigv4.SigV4Verifier;
import io.kdss.s3.sigv4.SigningKeyCache;
import io.kdss.testing.TestPorts;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A real gateway (S3Verticle on a free port) over the in-memory test backend, with an admin and a user key. */
final class GatewayFixture implements AutoCloseable {

  static final TestKey ADMIN = new TestKey("AKIAKDSSADMIN0000001", "admin/secret+key=0123456789abcdefghijklm", "admin",
      true);
  static final TestKey BOB = new TestKey("AKIAKDSSBOB000000002", "bob-secret-0123456789abcdefghijklmnopqrs", "bob",
      false);

  final Vertx vertx = Vertx.vertx();
  final MemoryBackend backend = new MemoryBackend(Clock.systemUTC());
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final int port = TestPorts.free();
  final S3Options options;

  GatewayFixture(int instances) {
    this(instances, o -> { });
  }

  GatewayFixture(int instances, java.util.function.Consumer<S3Options> configure) {
    options = new S3Options().setPort(port).setMaxObjectSize(1024L * 1024 * 1024);
    configure.accept(options);
    S3Gateway gateway = new S3Gateway(options, backend, Clock.systemUTC());
    Authenticator auth = new Authenticator(new StaticAccessKeys(List.of(ADMIN, BOB)),
        new SigV4Verifier(options.region(), Clock.systemUTC(), Duration.ofMinutes(15), new SigningKeyCache()));
    S3Metrics metrics = new S3Metrics(registry);
    NodeHealth health = new NodeHealth("test-node", "test");
    vertx.deployVerticle(() -> new S3Verticle(gateway, auth, metrics, registry, health),
        new DeploymentOptions().setInstances(instances)).await();
  }

  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
