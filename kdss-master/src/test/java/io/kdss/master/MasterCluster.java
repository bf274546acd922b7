package io.kdss.master;

import io.kdss.client.master.MasterClient;
import io.kdss.client.master.MasterClientOptions;
import io.kdss.meta.EmbeddedMongo;
import io.kdss.node.NodeRuntime;
import io.kdss.testing.TestPorts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Real masters for tests: each a {@link NodeRuntime} running the master role in its own
 * Vert.x instance, all on one embedded metadata store (in memory), with short intervals.
 */
final class MasterCluster implements AutoCloseable {

  final EmbeddedMongo mongo = EmbeddedMongo.start(null, 0);
  final List<NodeRuntime> masters = new ArrayList<>();
  final List<Integer> ports = new ArrayList<>();
  final List<Boolean> alive = new ArrayList<>();
  final Vertx clientVertx = Vertx.vertx();
  private final Map<String, Object> masterSection;
  private final String database = "kdss" + System.nanoTime();

  MasterCluster(int count, Map<String, Object> masterSettings) throws Exception {
    masterSection = new LinkedHashMap<>(Map.of(
        "heartbeatIntervalMs", 50, "suspectAfterMs", 400, "downAfterMs", 800, "leaseMs", 1000,
        "viewRefreshMs", 50, "gcIntervalMs", 100, "gcGraceMs", 0, "orderTimeoutMs", 2000,
        "diskReserveBytes", "1MiB"));
    masterSection.putAll(masterSettings);
    for (int i = 0; i < count; i++) {
      ports.add(TestPorts.free());
    }
    for (int i = 0; i < count; i++) {
      NodeRuntime rt = NodeRuntime.configure(config(i));
      await(rt.start());
      masters.add(rt);
      alive.add(true);
    }
  }

  private Map<String, Object> config(int i) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("node", new LinkedHashMap<>(Map.of("id", "master-" + i, "dataDir", "target/unused")));
    c.put("roles", List.of("master"));
    c.put("masters", addresses());
    c.put("mongo", new LinkedHashMap<>(Map.of("uri", mongo.connectionString(), "database", database, "writeConcern", "1")));
    Map<String, Object> m = new LinkedHashMap<>(masterSection);
    m.put("port", ports.get(i));
    c.put("master", m);
    return c;
  }

  /** The masters' metadata store, for assertions on stored documents (closed with the cluster's client Vert.x). */
  io.kdss.meta.MetaStore metaStore() {
    return io.kdss.meta.MetaStore.connect(clientVertx, new io.kdss.config.MongoOptions().setDatabase(database),
        mongo.connectionString());
  }

  List<String> addresses() {
    return ports.stream().map(p -> "127.0.0.1:" + p).toList();
  }

  MasterClient client() {
    return MasterClient.create(clientVertx, new MasterClientOptions().setMasters(addresses())
        .setCallTimeoutMs(3000).setFailoverDeadlineMs(10_000).setRoundBackoffMs(50));
  }

  /** Client of master {@code i} only. */
  MasterClient clientOf(int i) {
    return MasterClient.create(clientVertx, new MasterClientOptions().setMasters(List.of(addresses().get(i)))
        .setCallTimeoutMs(3000).setFailoverDeadlineMs(3000));
  }

  /** Kills master {@code i} the hard way: its Vert.x instance closes, nothing is released. */
  void kill(int i) throws Exception {
    alive.set(i, false);
    await(masters.get(i).vertx().close());
  }

  @Override
  public void close() throws Exception {
    for (int i = 0; i < masters.size(); i++) {
      if (alive.get(i)) {
        await(masters.get(i).stop());
      }
    }
    await(clientVertx.close());
    mongo.close();
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static void eventually(long timeoutMs, String what, BooleanSupplier condition) throws Exception {
    long end = System.currentTimeMillis() + timeoutMs;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > end) {
        dumpEventLoops();
        throw new AssertionError("timed out after " + timeoutMs + " ms waiting for: " + what);
      }
      Thread.sleep(20);
    }
  }

  /** Prints what the event loops do (a stuck one explains most timeouts). */
  static void dumpEventLoops() {
    Thread.getAllStackTraces().forEach((t, stack) -> {
      if (t.getName().startsWith("vert.x-eventloop") && stack.length > 0
          && !stack[0].getMethodName().contains("epoll") && !stack[0].getMethodName().contains("ioUring")
          && !stack[0].getClassName().contains("IoUring") && !stack[0].getMethodName().contains("select")) {
        StringBuilder b = new StringBuilder("THREAD " + t.getName() + " " + t.getState() + "\n");
        for (int i = 0; i < Math.min(25, stack.length); i++) {
          b.append("    at ").append(stack[i]).append("\n");
        }
        System.out.println(b);
      }
    });
  }

  interface Check {
    boolean test() throws Exception;
  }

  static void eventuallyTrue(long timeoutMs, String what, Check condition) throws Exception {
    eventually(timeoutMs, what, () -> {
      try {
        return condition.test();
      } catch (Exception e) {
        return false;
      }
    });
  }
}
