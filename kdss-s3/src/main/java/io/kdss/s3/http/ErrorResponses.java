package io.kdss.s3.http;

import io.kdss.s3.conditional.HttpDates;
import io.kdss.s3.error.S3ErrorDocument;
import io.kdss.s3.error.S3Exception;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Instant;
import java.util.Map;

/**
 * Answers a failed request with its S3 error: status, the exception's headers, the XML error
 * document (none for HEAD and 304). Headers a handler had set are dropped, except the request
 * ids, {@code Date} (the time of the error) and CORS headers. If the request body was not read
 * (an upload refused before its body), the connection is closed after the answer, since its
 * unread bytes cannot be skipped safely.
 * If the response had already started (a GET failing mid-body), the connection is reset.
 */
final class ErrorResponses {

  private ErrorResponses() {
  }

  static Future<Void> send(HttpServerRequest req, S3Exception e, String resource, String requestId, String hostId,
      Instant now, Map<String, String> corsHeaders) {
    HttpServerResponse resp = req.response();
    if (resp.ended() || resp.closed()) {
      return Future.succeededFuture();
    }
    if (resp.headWritten()) {
      return resp.reset();
    }
    resp.headers().clear();
    resp.putHeader("x-amz-request-id", requestId).putHeader("x-amz-id-2", hostId).putHeader("Server", "KDSS")
        .putHeader("Date", HttpDates.format(now));
    corsHeaders.forEach(resp::putHeader);
    e.headers().forEach(resp::putHeader);
    resp.setStatusCode(e.code().httpStatus());
    boolean unread = !req.isEnded();
    if (unread) {
      resp.putHeader("Connection", "close");
    }
    Future<Void> sent;
    if (req.method() == HttpMethod.HEAD || e.code().httpStatus() == 304) {
      sent = resp.end();
    } else {
      sent = resp.putHeader("Content-Type", "application/xml")
          .end(S3ErrorDocument.render(e, resource, requestId, hostId));
    }
    if (unread) {
      sent.onComplete(ar -> req.connection().close());
    }
    return sent;
  }
}
