package io.kdss.node;

import io.vertx.core.transport.Transport;

/** Picks the socket transport: Netty io_uring where the kernel and native library allow. */
final class NodeTransport {

  private NodeTransport() {
  }

  static Transport choose(boolean allowNative) {
    if (allowNative) {
      if (Transport.IO_URING.available()) {
        return Transport.IO_URING;
      }
      if (Transport.EPOLL.available()) {
        return Transport.EPOLL;
      }
    }
    return Transport.NIO;
  }

  static String whyNotIoUring() {
    Throwable cause = Transport.IO_URING.unavailabilityCause();
    return cause == null ? "unknown" : String.valueOf(cause.getMessage());
  }
}
