package io.kdss.observe;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

/**
 * The node's health as every HTTP server reports it at {@code /health}: one entry per
 * registered component (role, disk set, metadata store), the node as bad as its worst.
 */
public final class NodeHealth {

  private final String nodeId;
  private final String version;
  private final long startedMs = System.currentTimeMillis();
  private final Map<String, Supplier<HealthStatus>> components = new ConcurrentSkipListMap<>();

  public NodeHealth(String nodeId, String version) {
    this.nodeId = nodeId;
    this.version = version;
  }

  public void register(String component, Supplier<HealthStatus> status) {
    components.put(component, status);
  }

  public void unregister(String component) {
    components.remove(component);
  }

  public JsonObject snapshot() {
    HealthStatus.State worst = HealthStatus.State.UP;
    JsonObject parts = new JsonObject();
    for (Map.Entry<String, Supplier<HealthStatus>> e : components.entrySet()) {
      HealthStatus s;
      try {
        s = e.getValue().get();
      } catch (RuntimeException ex) {
        s = HealthStatus.down(new JsonObject().put("error", String.valueOf(ex.getMessage())));
      }
      if (s.state().compareTo(worst) > 0) {
        worst = s.state();
      }
      parts.put(e.getKey(), s.toJson());
    }
    return new JsonObject()
        .put("status", worst.name())
        .put("node", nodeId)
        .put("version", version)
        .put("uptimeMs", System.currentTimeMillis() - startedMs)
        .put("components", parts);
  }
}
