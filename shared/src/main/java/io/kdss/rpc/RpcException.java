package io.kdss.rpc;

import io.vertx.grpc.common.GrpcStatus;

/** A gRPC call that ended with a non-OK status, with the server's message kept. */
public final class RpcException extends RuntimeException {

  private final GrpcStatus status;

  public RpcException(GrpcStatus status, String message) {
    super(status + (message == null || message.isEmpty() ? "" : ": " + message), null, false, false);
    this.status = status;
  }

  public GrpcStatus status() {
    return status;
  }

  /** The server's message without the status prefix. */
  public String detail() {
    String m = getMessage();
    int colon = m.indexOf(": ");
    return colon < 0 ? "" : m.substring(colon + 2);
  }

  public static boolean is(Throwable t, GrpcStatus status) {
    return t instanceof RpcException e && e.status == status;
  }
}
