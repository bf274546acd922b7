package io.kdss.storage.health;

import io.kdss.proto.Health;

/** One layer's (or a disk's) health, ordered from best to worst; UNKNOWN counts as OK when combined. */
public enum HealthLevel {
  UNKNOWN(Health.HEALTH_UNKNOWN), OK(Health.HEALTH_OK), DEGRADED(Health.HEALTH_DEGRADED),
  FAILING(Health.HEALTH_FAILING), FAILED(Health.HEALTH_FAILED);

  private final Health wire;

  HealthLevel(Health wire) {
    this.wire = wire;
  }

  public Health toProto() {
    return wire;
  }

  /** The worse of two levels (UNKNOWN never wins over a known level). */
  public HealthLevel worst(HealthLevel other) {
    if (this == UNKNOWN) {
      return other;
    }
    if (other == UNKNOWN) {
      return this;
    }
    return other.ordinal() > ordinal() ? other : this;
  }
}
