package io.kdss.rpc;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.grpc.server.GrpcServer;

/**
 * One port for a control-plane service: gRPC (HTTP/2, content type application/grpc) goes
 * to the gRPC server, everything else (/health, /metrics) to the router.
 */
public final class RpcHttpServer {

  private RpcHttpServer() {
  }

  public static Future<HttpServer> listen(Vertx vertx, String host, int port, GrpcServer grpc, Router router) {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setReuseAddress(true)
        .setTcpNoDelay(true);
    return vertx.createHttpServer(options)
        .requestHandler(req -> dispatch(req, grpc, router))
        .listen();
  }

  private static void dispatch(HttpServerRequest req, GrpcServer grpc, Router router) {
    String type = req.getHeader("content-type");
    if (type != null && type.startsWith("application/grpc")) {
      grpc.handle(req);
    } else {
      router.handle(req);
    }
  }
}
