package io.kdss.ec;

/**
 * Seeds for randomised codec tests: fixed by default so runs repeat, overridable with
 * {@code -Dkdss.test.seed=N}; every assertion message carries the seed in use.
 */
final class Seeds {

  static final long BASE = Long.getLong("kdss.test.seed", 0x5eed_ec0dL);

  private Seeds() {
  }

  static long of(String test) {
    return BASE ^ test.hashCode();
  }
}
