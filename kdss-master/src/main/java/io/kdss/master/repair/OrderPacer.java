package io.kdss.master.repair;

import java.util.HashMap;
import java.util.Map;

/**
 * Paces repair orders so foreground I/O keeps priority: a token bucket of
 * {@code shardsPerSec} over all orders (a burst of one second at most) and a cap of orders
 * outstanding per storage node. Used on the master's event loop only.
 */
final class OrderPacer {

  private final RepairOptions options;
  private final Map<String, Integer> inFlight = new HashMap<>();
  private double tokens;
  private long refilledMs = System.currentTimeMillis();

  OrderPacer(RepairOptions options) {
    this.options = options;
    this.tokens = options.shardsPerSec();
  }

  /** Takes a token and a slot on {@code nodeId}; false when either is exhausted. */
  boolean tryAcquire(String nodeId) {
    refill();
    if (tokens < 1 || inFlight.getOrDefault(nodeId, 0) >= options.inFlightPerNode()) {
      return false;
    }
    tokens -= 1;
    inFlight.merge(nodeId, 1, Integer::sum);
    return true;
  }

  /** True while orders may go out at all this tick (tokens left). */
  boolean hasTokens() {
    refill();
    return tokens >= 1;
  }

  void release(String nodeId) {
    inFlight.computeIfPresent(nodeId, (k, v) -> v <= 1 ? null : v - 1);
  }

  int inFlight() {
    return inFlight.values().stream().mapToInt(Integer::intValue).sum();
  }

  void reset() {
    inFlight.clear();
  }

  private void refill() {
    long now = System.currentTimeMillis();
    tokens = Math.min(options.shardsPerSec(), tokens + (now - refilledMs) * options.shardsPerSec() / 1000.0);
    refilledMs = now;
  }
}
