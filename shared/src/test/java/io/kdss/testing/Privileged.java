package io.kdss.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Gate for tests that need root-only kernel features (loop devices, FUSE mounts).
 * scripts/test sets -Dkdss.privileged.tests=true when it runs as root, as CI does; there
 * such a test must run and pass, never skip.
 */
public final class Privileged {

  private Privileged() {
  }

  public static boolean enabled() {
    return Boolean.getBoolean("kdss.privileged.tests");
  }

  public static void assume() {
    assumeTrue(enabled(), "needs root: run through scripts/test as root (-Dkdss.privileged.tests=true)");
  }
}
