package io.kdss.rpc;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A unary gRPC call with a deadline that fails with {@link RpcException} carrying the
 * server's status and message (the generated clients keep only the status).
 *
 * <p>The deadline is enforced here with a timer that cancels the stream: the gRPC client
 * only sends it as a header unless told otherwise, so a server that accepts a call and never
 * answers would hang the caller. Failures mean:
 * <ul>
 *   <li>{@code UNAVAILABLE} with the message prefix {@link #NOT_SENT}: no connection, the
 *       request was never sent (safe to send elsewhere, see {@link #notSent(Throwable)});</li>
 *   <li>{@code DEADLINE_EXCEEDED}: no answer in time, the server may or may not have applied it;</li>
 *   <li>another {@link RpcException}: the server's answer;</li>
 *   <li>any other exception: the stream broke after the request was sent (outcome unknown).</li>
 * </ul>
 */
public final class UnaryCall {

  /** Message prefix of the failure of a call that never left this process. */
  public static final String NOT_SENT = "cannot reach ";

  private UnaryCall() {
  }

  public static <Req, Resp> Future<Resp> call(GrpcClient client, SocketAddress server,
      ServiceMethod<Resp, Req> method, Req request, long timeoutMs) {
    return call(client, server, method, request, timeoutMs, headers -> { });
  }

  /** As {@link #call(GrpcClient, SocketAddress, ServiceMethod, Object, long)}, with request headers (auth). */
  public static <Req, Resp> Future<Resp> call(GrpcClient client, SocketAddress server,
      ServiceMethod<Resp, Req> method, Req request, long timeoutMs, Consumer<MultiMap> headers) {
    Context context = Vertx.currentContext();
    return call(context == null ? null : context.owner(), client, server, method, request, timeoutMs, headers);
  }

  /**
   * As above, the deadline timed on {@code vertx} (null: only sent to the server, which is
   * all a caller outside any Vert.x context gets).
   */
  public static <Req, Resp> Future<Resp> call(Vertx vertx, GrpcClient client, SocketAddress server,
      ServiceMethod<Resp, Req> method, Req request, long timeoutMs, Consumer<MultiMap> headers) {
    Promise<Resp> result = Promise.promise();
    AtomicReference<GrpcClientRequest<Req, Resp>> sent = new AtomicReference<>();
    long timer = vertx == null ? -1 : vertx.setTimer(Math.max(1, timeoutMs), t -> {
      if (result.tryFail(new RpcException(GrpcStatus.DEADLINE_EXCEEDED, method.methodName() + ": no answer from "
          + server + " within " + timeoutMs + " ms"))) {
        GrpcClientRequest<Req, Resp> req = sent.get();
        if (req != null) {
          req.cancel();
        }
      }
    });
    client.request(server, method)
        .recover(e -> Future.failedFuture(new RpcException(GrpcStatus.UNAVAILABLE, NOT_SENT + server + ": " + e.getMessage())))
        .compose(req -> {
          sent.set(req);
          req.timeout(timeoutMs, TimeUnit.MILLISECONDS);
          headers.accept(req.headers());
          req.end(request);
          return req.response().compose(resp -> resp.last().recover(e -> {
            GrpcStatus status = resp.status();
            if (status != null && status != GrpcStatus.OK) {
              return Future.failedFuture(new RpcException(status, resp.statusMessage()));
            }
            return Future.failedFuture(e);
          }));
        })
        .onComplete(ar -> {
          if (timer >= 0) {
            vertx.cancelTimer(timer);
          }
          if (ar.succeeded()) {
            result.tryComplete(ar.result());
          } else {
            result.tryFail(ar.cause());
          }
        });
    return result.future();
  }

  /** True when the call failed before its request left this process. */
  public static boolean notSent(Throwable e) {
    return e instanceof RpcException r && r.status() == GrpcStatus.UNAVAILABLE && r.detail().startsWith(NOT_SENT);
  }
}
