package io.kdss.s3.http;

import io.kdss.s3.auth.Authenticator;
import io.kdss.s3.auth.Caller;
import io.kdss.s3.backend.BucketConfig;
import io.kdss.s3.conditional.HttpDates;
import io.kdss.s3.cors.CorsEvaluator;
import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.handler.S3Exchange;
import io.kdss.s3.handler.S3Gateway;
import io.kdss.s3.handler.S3Handlers;
import io.kdss.s3.request.S3Operation;
import io.kdss.s3.request.S3Request;
import io.kdss.s3.request.S3RequestParser;
import io.kdss.s3.request.ServerSideEncryption;
import io.kdss.s3.sigv4.SignableRequest;
import io.kdss.s3.xml.CorsXml;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every S3 request goes through these steps, on its connection's event loop:
 * <ol>
 *   <li>request id and {@code Date} (every answer carries both, errors included: SDKs correct
 *       their clock skew from {@code Date}); {@code GET /health} and {@code GET /metrics} go to
 *       the ops routes;</li>
 *   <li>parse: addressing, bucket and key validation, the {@link S3Operation};</li>
 *   <li>a small request document (XML, policy) is read, bounded; an upload body is left unread;</li>
 *   <li>authenticate (SigV4 header or presigned query, or anonymous); refuse server-side
 *       encryption on writes ({@link ServerSideEncryption}); check the document's digests;</li>
 *   <li>CORS headers for requests with an Origin; then the operation's handler, which authorises
 *       against the bucket policy before touching data;</li>
 *   <li>any failure becomes the S3 XML error; one access-log line and the metrics are recorded.</li>
 * </ol>
 */
public final class S3RequestPipeline implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(S3RequestPipeline.class);

  private final S3Gateway gateway;
  private final Authenticator authenticator;
  private final S3RequestParser parser;
  private final S3Handlers handlers;
  private final S3Metrics metrics;
  private final Router ops;
  private final String hostId;

  public S3RequestPipeline(S3Gateway gateway, Authenticator authenticator, S3Metrics metrics, Router ops, String hostId) {
    this.gateway = gateway;
    this.authenticator = authenticator;
    this.parser = new S3RequestParser(gateway.options().domains());
    this.handlers = new S3Handlers();
    this.metrics = metrics;
    this.ops = ops;
    this.hostId = hostId;
  }

  @Override
  public void handle(HttpServerRequest req) {
    if (isOpsRequest(req)) {
      ops.handle(req);
      return;
    }
    long start = System.nanoTime();
    String id = RequestIds.next();
    req.pause();
    req.response().putHeader("x-amz-request-id", id).putHeader("x-amz-id-2", hostId).putHeader("Server", "KDSS")
        .putHeader("Date", HttpDates.format(gateway.clock().instant()));
    Map<String, String> cors = new HashMap<>();
    S3Request parsed;
    try {
      parsed = parser.parse(signable(req));
    } catch (RuntimeException e) {
      finish(req, null, null, start, id, cors, e);
      return;
    }
    S3Request s3 = parsed;
    Caller[] caller = {null};
    process(req, s3, cors, caller)
        .onComplete(ar -> finish(req, s3, caller[0], start, id, cors, ar.failed() ? ar.cause() : null));
  }

  private Future<Void> process(HttpServerRequest req, S3Request s3, Map<String, String> cors, Caller[] caller) {
    S3Operation op = s3.operation();
    Future<Buffer> document;
    if (op.streamsBody()) {
      document = Future.succeededFuture(null);
    } else {
      String expect = s3.header("expect");
      if (expect != null && expect.equalsIgnoreCase("100-continue")) {
        req.response().writeContinue();
      }
      document = RequestDocuments.read(req, op);
    }
    return document.compose(doc -> authenticate(s3).compose(c -> {
      caller[0] = c;
      ServerSideEncryption.refuseRequested(s3);
      Future<Buffer> checked = doc == null ? Future.succeededFuture(null) : RequestDocuments.check(s3, doc, c);
      return checked.compose(body -> cors(s3, cors).compose(v -> {
        cors.forEach((k, val) -> req.response().putHeader(k, val));
        return handlers.of(op).handle(new S3Exchange(gateway, req, s3, c, body));
      }));
    }));
  }

  private Future<Caller> authenticate(S3Request s3) {
    if (s3.operation() == S3Operation.Preflight) {
      return Future.succeededFuture(Caller.ANONYMOUS);
    }
    return authenticator.authenticate(s3.http());
  }

  /** CORS headers for an actual request that carries an Origin, from its bucket's configuration. */
  private Future<Void> cors(S3Request s3, Map<String, String> out) {
    String origin = s3.header("origin");
    if (origin == null || s3.bucket() == null || s3.operation() == S3Operation.Preflight) {
      return Future.succeededFuture();
    }
    return gateway.backend().bucketConfig(s3.bucket(), BucketConfig.CORS).transform(ar -> {
      if (ar.succeeded() && ar.result().isPresent()) {
        var config = CorsXml.parse(ar.result().get().getBytes(StandardCharsets.UTF_8));
        out.putAll(CorsEvaluator.actual(config, origin, s3.http().method()));
      }
      return Future.succeededFuture();
    });
  }

  /** NoSuchKey names its Key and NoSuchBucket its BucketName, as S3's error documents do. */
  private static void named(S3Exception error, S3Request s3) {
    if (s3 == null) {
      return;
    }
    if (error.code() == S3ErrorCode.NoSuchKey && s3.key() != null && !error.details().containsKey("Key")) {
      error.detail("Key", s3.key());
    } else if (error.code() == S3ErrorCode.NoSuchBucket && s3.bucket() != null
        && !error.details().containsKey("BucketName")) {
      error.detail("BucketName", s3.bucket());
    }
  }

  private void finish(HttpServerRequest req, S3Request s3, Caller caller, long start, String id,
      Map<String, String> cors, Throwable failure) {
    Future<Void> done;
    S3Exception error = null;
    if (failure != null) {
      error = S3Exception.from(failure);
      named(error, s3);
      done = ErrorResponses.send(req, error, s3 == null ? req.path() : s3.resource(), id, hostId,
          gateway.clock().instant(), cors);
    } else {
      done = Future.succeededFuture();
    }
    S3Exception e = error;
    done.onComplete(ar -> record(req, s3, caller, start, id, e));
  }

  private void record(HttpServerRequest req, S3Request s3, Caller caller, long start, String id, S3Exception error) {
    long nanos = System.nanoTime() - start;
    int status = req.response().getStatusCode();
    S3Operation op = s3 == null ? null : s3.operation();
    metrics.record(op, status, error == null ? null : error.code().code(), nanos, req.bytesRead(),
        req.response().bytesWritten());
    var event = error != null && error.code().serverFault() ? LOG.atWarn().setCause(error.getCause()) : LOG.atDebug();
    event.addKeyValue("id", id).addKeyValue("op", op).addKeyValue("method", req.method())
        .addKeyValue("path", req.path()).addKeyValue("status", status)
        .addKeyValue("code", error == null ? null : error.code().code())
        .addKeyValue("user", caller == null ? null : caller.userName())
        .addKeyValue("payload", caller == null || caller.signature() == null ? null : caller.signature().payloadMode())
        .addKeyValue("remote", req.remoteAddress() == null ? null : req.remoteAddress().hostAddress())
        .addKeyValue("in", req.bytesRead()).addKeyValue("out", req.response().bytesWritten())
        .addKeyValue("ms", nanos / 1_000_000)
        .log(error != null && error.code().serverFault() ? "s3 request failed: " + error.getMessage() : "s3 request");
  }

  /** Ops endpoints: exactly {@code GET /health} or {@code GET /metrics}, unsigned, no query. */
  static boolean isOpsRequest(HttpServerRequest req) {
    return req.method() == HttpMethod.GET && req.query() == null && req.getHeader("authorization") == null
        && ("/health".equals(req.path()) || "/metrics".equals(req.path()));
  }

  static SignableRequest signable(HttpServerRequest req) {
    Map<String, List<String>> headers = new HashMap<>();
    for (Map.Entry<String, String> h : req.headers()) {
      headers.computeIfAbsent(h.getKey().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>()).add(h.getValue());
    }
    if (!headers.containsKey("host") && req.authority() != null) {
      headers.put("host", List.of(req.authority().toString()));
    }
    return SignableRequest.of(req.method().name(), req.path(), req.query(), headers);
  }
}
