package io.kdss.rpc;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A unary gRPC call with a deadline that fails with {@link RpcException} carrying the
 * server's status and message (the generated clients keep only the status).
 */
public final class UnaryCall {

  private UnaryCall() {
  }

  public static <Req, Resp> Future<Resp> call(GrpcClient client, SocketAddress server,
      ServiceMethod<Resp, Req> method, Req request, long timeoutMs) {
    return call(client, server, method, request, timeoutMs, headers -> { });
  }

  /** As {@link #call(GrpcClient, SocketAddress, ServiceMethod, Object, long)}, with request headers (auth). */
  public static <Req, Resp> Future<Resp> call(GrpcClient client, SocketAddress server,
      ServiceMethod<Resp, Req> method, Req request, long timeoutMs, Consumer<MultiMap> headers) {
    return client.request(server, method).compose(req -> {
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
    });
  }
}
