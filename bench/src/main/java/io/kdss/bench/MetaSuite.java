package io.kdss.bench;

import io.kdss.client.master.MasterClient;
import io.kdss.client.master.MasterClientOptions;
import io.kdss.config.MongoOptions;
import io.kdss.master.gc.GarbageQueue;
import io.kdss.meta.EmbeddedMongo;
import io.kdss.meta.IndexSpec;
import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.kdss.node.NodeRuntime;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Namespace creates and lookups per second through a master's gRPC service (MasterClient ->
 * master -> embedded metadata store on disk), at a few concurrency levels, beside the same
 * operations done directly through MetaStore (one insert; one find by (parentId, name)) so the
 * gRPC and master overhead is visible. Then the released-stripe check every stripe write makes,
 * with {@code garbage} documents queued (default 5000 of 4 stripes): the query it made before
 * the {@code released} markers ({@code garbage} by {@code stripes.s}, a scan on the embedded
 * store) beside the marker lookup ({@code released} by {@code _id}).
 */
final class MetaSuite implements BenchSuite {

  @Override
  public String name() {
    return "meta";
  }

  @Override
  public String description() {
    return "namespace create/lookup ops/s via master gRPC vs direct MetaStore (embedded store)";
  }

  @Override
  public void run(BenchArgs args) throws Exception {
    long seconds = args.integer("seconds", args.quick() ? 1 : 5);
    int[] levels = Arrays.stream(args.get("concurrency", "1,8,32").split(",")).mapToInt(Integer::parseInt).toArray();
    Path dir = Files.createTempDirectory("kdss-bench-meta");
    EmbeddedMongo mongo = EmbeddedMongo.start(dir, 0);
    int port = freePort();
    NodeRuntime master = NodeRuntime.configure(config(mongo.connectionString(), port, dir));
    await(master.start());
    Vertx vertx = Vertx.vertx();
    MasterClient client = MasterClient.create(vertx, new MasterClientOptions().setMasters(List.of("127.0.0.1:" + port)));
    MetaStore direct = MetaStore.connect(vertx, new MongoOptions().setUri(mongo.connectionString()).setDatabase("kdss")
        .setWriteConcern("1"), mongo.connectionString());
    try {
      long bucket = await(client.mkdir(1, "bench")).getId();
      AtomicLong ids = new AtomicLong(1L << 40);
      for (int c : levels) {
        System.err.printf("meta: concurrency %d, %d s per measurement...%n", c, seconds);
        List<String> names = new ArrayList<>();
        report("create", "grpc", c, load(vertx, c, seconds, w -> {
          String n = "g-" + c + "-" + w + "-" + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
          synchronized (names) {
            if (names.size() < 100_000) {
              names.add(n);
            }
          }
          return client.create(bucket, n);
        }));
        report("create", "mongo", c, load(vertx, c, seconds, w -> direct.client().insert(MetaCollections.ENTRIES,
            new JsonObject().put("_id", ids.incrementAndGet()).put("parentId", -bucket).put("name", "d-" + ids.get())
                .put("type", "FILE").put("v", 1L))));
        report("lookup", "grpc", c, load(vertx, c, seconds, w -> client.lookup(bucket, pick(names))));
        report("lookup", "mongo", c, load(vertx, c, seconds, w -> direct.client().findOne(MetaCollections.ENTRIES,
            new JsonObject().put("parentId", bucket).put("name", pick(names)), null)));
      }
      releasedCheck(vertx, mongo, args.integer("garbage", args.quick() ? 1000 : 5000), seconds);
    } finally {
      await(client.close());
      await(direct.close());
      await(vertx.close());
      await(master.stop());
      mongo.close();
    }
  }

  /** The released-stripe check, old query and marker lookup side by side, in a database of its own. */
  private static void releasedCheck(Vertx vertx, EmbeddedMongo mongo, long docs, long seconds) throws Exception {
    MetaStore store = MetaStore.connect(vertx, new MongoOptions().setUri(mongo.connectionString())
        .setDatabase("bench_released").setWriteConcern("1"), mongo.connectionString());
    try {
      System.err.printf("meta: queueing %d garbage documents of 4 stripes...%n", docs);
      await(store.ensureIndexes(List.of(IndexSpec.of(MetaCollections.GARBAGE, "queued_stripes",
          new JsonObject().put("stripes.s", 1)))));
      GarbageQueue queue = new GarbageQueue(store, 0);
      for (long b = 0; b < docs; b += 200) {
        List<Future<Void>> batch = new ArrayList<>();
        for (long i = b; i < Math.min(docs, b + 200); i++) {
          JsonArray stripes = new JsonArray();
          for (long s = 4 * i; s < 4 * i + 4; s++) {
            stripes.add(new JsonObject().put("s", s).put("g", 1L).put("n", 6));
          }
          batch.add(queue.stripes("bench-" + i, stripes, Long.MAX_VALUE));
        }
        await(Future.all(batch));
      }
      long range = 8 * docs;
      report("released_check", "garbage_scan", 1, load(vertx, 1, seconds, w -> {
        long s = ThreadLocalRandom.current().nextLong(range);
        return store.client().findOne(MetaCollections.GARBAGE, new JsonObject().put("kind", "stripes")
            .put("stripes.s", new JsonObject().put("$in", new JsonArray().add(s).add(s + 1))), null);
      }));
      report("released_check", "marker", 1, load(vertx, 1, seconds, w -> {
        long s = ThreadLocalRandom.current().nextLong(range);
        return queue.firstQueued(List.of(s, s + 1));
      }));
    } finally {
      await(store.close());
    }
  }

  private static String pick(List<String> names) {
    synchronized (names) {
      return names.get(ThreadLocalRandom.current().nextInt(names.size()));
    }
  }

  private static void report(String op, String path, int concurrency, long[] latenciesNs) {
    long[] sorted = latenciesNs.clone();
    Arrays.sort(sorted);
    double seconds = latenciesNs.length == 0 ? 1 : (double) LoadWindow.lastWindowNs / 1e9;
    Results.print("meta", "op", op, "path", path, "concurrency", concurrency,
        "ops_per_s", sorted.length / seconds,
        "p50_ms", sorted.length == 0 ? 0.0 : sorted[sorted.length / 2] / 1e6,
        "p99_ms", sorted.length == 0 ? 0.0 : sorted[(int) (sorted.length * 0.99)] / 1e6);
  }

  /** Closed loop: {@code workers} callers, each issuing its next call when the previous one ends. */
  private static long[] load(Vertx vertx, int workers, long seconds, Function<Integer, Future<?>> call) throws Exception {
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    List<long[]> perWorker = new ArrayList<>();
    List<Future<Void>> done = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      long[][] box = {new long[1 << 16]};
      int[] n = {0};
      perWorker.add(null);
      int index = w;
      Promise<Void> p = Promise.promise();
      vertx.runOnContext(v -> loop(index, call, end, box, n, p));
      done.add(p.future().onSuccess(x -> perWorker.set(index, Arrays.copyOf(box[0], n[0]))));
    }
    await(Future.all(done));
    LoadWindow.lastWindowNs = System.nanoTime() - start;
    return perWorker.stream().flatMapToLong(Arrays::stream).toArray();
  }

  private static void loop(int worker, Function<Integer, Future<?>> call, long end, long[][] box, int[] n, Promise<Void> p) {
    if (System.nanoTime() >= end) {
      p.complete();
      return;
    }
    long t0 = System.nanoTime();
    call.apply(worker).onComplete(ar -> {
      if (ar.failed()) {
        p.fail(ar.cause());
        return;
      }
      if (n[0] == box[0].length) {
        box[0] = Arrays.copyOf(box[0], n[0] * 2);
      }
      box[0][n[0]++] = System.nanoTime() - t0;
      loop(worker, call, end, box, n, p);
    });
  }

  private static final class LoadWindow {
    static volatile long lastWindowNs;
  }

  private static Map<String, Object> config(String mongoUri, int port, Path dir) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("node", new LinkedHashMap<>(Map.of("id", "bench-master", "dataDir", dir.toString())));
    c.put("roles", List.of("master"));
    c.put("mongo", new LinkedHashMap<>(Map.of("uri", mongoUri, "database", "kdss", "writeConcern", "1")));
    c.put("master", new LinkedHashMap<>(Map.of("port", port)));
    return c;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
