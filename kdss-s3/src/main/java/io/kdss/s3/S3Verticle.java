package io.kdss.s3;

import io.kdss.observe.NodeHealth;
import io.kdss.observe.OpsRoutes;
import io.kdss.s3.auth.Authenticator;
import io.kdss.s3.handler.S3Gateway;
import io.kdss.s3.http.S3Metrics;
import io.kdss.s3.http.S3RequestPipeline;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;

/**
 * One event loop's S3 HTTP server; the gateway runs one per core on the same port. Keep-alive
 * on, no compression (bodies are checksummed as sent), header and request-line limits from
 * {@link S3Options}, {@code Expect: 100-continue} answered by the handlers once a request is
 * authorised (so a refused upload is never sent). HTTP/1.1 only, as S3: an {@code Upgrade: h2c}
 * header (Java's HttpClient sends one) is ignored rather than switching protocols.
 */
public final class S3Verticle extends VerticleBase {

  /**
   * Largest piece of a request body handed up at once. Netty's default (8 KiB) cuts a large
   * upload into 131072 pieces per GiB, each paying for a copy out of the socket buffer, a
   * trip through the body stages and the pipe into the object writer; 64 KiB matches what one
   * socket read delivers. The body stages hold one piece at a time, so memory stays bounded.
   */
  static final int BODY_CHUNK_BYTES = 64 * 1024;

  private final S3Options options;
  private final S3Gateway gateway;
  private final Authenticator authenticator;
  private final S3Metrics metrics;
  private final PrometheusMeterRegistry registry;
  private final NodeHealth health;

  public S3Verticle(S3Gateway gateway, Authenticator authenticator, S3Metrics metrics,
      PrometheusMeterRegistry registry, NodeHealth health) {
    this.options = gateway.options();
    this.gateway = gateway;
    this.authenticator = authenticator;
    this.metrics = metrics;
    this.registry = registry;
    this.health = health;
  }

  @Override
  public Future<?> start() {
    Router ops = OpsRoutes.mount(Router.router(vertx), health, registry);
    String hostId = java.util.Base64.getEncoder().encodeToString(
        ("kdss/" + options.host() + ":" + options.port()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    HttpServerOptions http = new HttpServerOptions().setHost(options.host()).setPort(options.port())
        .setTcpNoDelay(true)
        .setMaxChunkSize(BODY_CHUNK_BYTES)
        .setMaxHeaderSize(options.maxHeaderSize())
        .setMaxInitialLineLength(options.maxUriLength())
        .setIdleTimeout(options.idleTimeoutSeconds())
        .setHandle100ContinueAutomatically(false)
        .setCompressionSupported(false)
        .setDecompressionSupported(false)
        .setHttp2ClearTextEnabled(false);
    if (options.tls()) {
      http.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(options.tlsCertPath())
          .setKeyPath(options.tlsKeyPath()));
    }
    return vertx.createHttpServer(http)
        .requestHandler(new S3RequestPipeline(gateway, authenticator, metrics, ops, hostId))
        .listen();
  }
}
