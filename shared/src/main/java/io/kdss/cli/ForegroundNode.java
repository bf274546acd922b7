package io.kdss.cli;

import io.kdss.node.NodeRuntime;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs a node in the foreground until SIGINT/SIGTERM, then stops it cleanly. */
final class ForegroundNode {

  private static final long STOP_TIMEOUT_S = 30;

  private ForegroundNode() {
  }

  static int run(NodeRuntime runtime, String banner, PrintStream out) throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      runtime.start().toCompletionStage().toCompletableFuture().get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
    out.println(banner);
    for (String line : runtime.endpoints()) {
      out.println("  " + line);
    }
    out.println("Press Ctrl-C to stop.");
    out.flush();
    Thread hook = new Thread(() -> {
      out.println("kdss: stopping " + runtime.node().id() + " ...");
      try {
        runtime.stop().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_S, TimeUnit.SECONDS);
        out.println("kdss: stopped");
      } catch (Exception e) {
        out.println("kdss: stop did not finish cleanly: " + e);
      }
      out.flush();
      stopped.countDown();
    }, "kdss-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    stopped.await();
    return 0;
  }
}
