package io.kdss.rpc;

import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.util.concurrent.TimeUnit;

/**
 * A unary gRPC call with a deadline that fails with {@link RpcException} carrying the
 * server's status and message (the generated clients keep only the status).
 */
public final class UnaryCall {

  private UnaryCall() {
  }

  public static <Req, Resp> Future<Resp> call(GrpcClient client, SocketAddress server,
      ServiceMethod<Resp, Req> method, Req request, long timeoutMs) {
    return client.request(server, method).compose(req -> {
      req.timeout(timeoutMs, TimeUnit.MILLISECONDS);
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
