package io.kdss.observe;

import io.vertx.core.json.JsonObject;

/** What one component says of itself in {@code /health}. */
public record HealthStatus(State state, JsonObject details) {

  /** Ordered from best to worst; a node is as healthy as its worst component. */
  public enum State {
    UP, DEGRADED, DOWN
  }

  public static HealthStatus up(JsonObject details) {
    return new HealthStatus(State.UP, details);
  }

  public static HealthStatus degraded(JsonObject details) {
    return new HealthStatus(State.DEGRADED, details);
  }

  public static HealthStatus down(JsonObject details) {
    return new HealthStatus(State.DOWN, details);
  }

  public JsonObject toJson() {
    return details.copy().put("status", state.name());
  }
}
