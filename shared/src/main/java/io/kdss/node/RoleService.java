package io.kdss.node;

import io.vertx.core.Future;
import java.util.List;

/** A configured role on one node: its verticles, started and stopped as a unit. */
public interface RoleService {

  Future<Void> start(RoleContext context);

  Future<Void> stop();

  /** Lines such as {@code "S3 API     http://127.0.0.1:9000"}, printed once the node is up. */
  List<String> endpoints();

  /** The host:port this role's gRPC control plane listens on, if it serves one for other nodes. */
  default String rpcAddress() {
    return null;
  }
}
