package io.kdss.cli;

import io.kdss.node.NodeRuntime;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Runs a node in the foreground until SIGINT or SIGTERM, then stops it cleanly and exits 0
 * (a stop by signal is the normal way to end a node, not a failure).
 */
final class ForegroundNode {

  private static final long STOP_TIMEOUT_S = 30;

  private ForegroundNode() {
  }

  static int run(NodeRuntime runtime, String banner, PrintStream out) throws Exception {
    try {
      runtime.start().toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
    out.println(banner);
    for (String line : runtime.endpoints()) {
      out.println("  " + line);
    }
    out.println("Press Ctrl-C to stop.");
    out.flush();

    CountDownLatch stopRequested = new CountDownLatch(1);
    AtomicBoolean stopped = new AtomicBoolean();
    Signal.handle(new Signal("INT"), s -> stopRequested.countDown());
    Signal.handle(new Signal("TERM"), s -> stopRequested.countDown());
    // Any other way the JVM ends (SIGHUP, System.exit elsewhere) still stops the node.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(runtime, stopped, out), "kdss-shutdown"));
    stopRequested.await();
    return stop(runtime, stopped, out) ? 0 : 1;
  }

  private static boolean stop(NodeRuntime runtime, AtomicBoolean stopped, PrintStream out) {
    if (!stopped.compareAndSet(false, true)) {
      return true;
    }
    out.println("kdss: stopping " + runtime.node().id() + " ...");
    try {
      runtime.stop().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_S, TimeUnit.SECONDS);
      out.println("kdss: stopped");
      return true;
    } catch (Exception e) {
      out.println("kdss: stop did not finish cleanly: " + e);
      return false;
    } finally {
      out.flush();
    }
  }
}
