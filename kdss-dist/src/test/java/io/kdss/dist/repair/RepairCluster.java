package io.kdss.dist.repair;

import io.kdss.admin.AdminClient;
import io.kdss.auth.CredentialsFile;
import io.kdss.client.ClientOptions;
import io.kdss.client.KdssClient;
import io.kdss.client.MasterStripePlacement;
import io.kdss.client.ObjectWriter;
import io.kdss.client.ShardClientTransport;
import io.kdss.client.master.MasterClient;
import io.kdss.client.master.MasterClientOptions;
import io.kdss.meta.EmbeddedMongo;
import io.kdss.node.NodeRuntime;
import io.kdss.proto.AppendStripesRequest;
import io.kdss.proto.BeginWriteRequest;
import io.kdss.proto.ClusterStatus;
import io.kdss.proto.ClusterStatusRequest;
import io.kdss.proto.CommitWriteRequest;
import io.kdss.proto.EcGroup;
import io.kdss.proto.Entry;
import io.kdss.proto.PlacementServiceGrpcClient;
import io.kdss.proto.ReadStripesRequest;
import io.kdss.proto.Stripe;
import io.kdss.proto.WriteHandle;
import io.kdss.shard.ShardClient;
import io.kdss.shard.ShardClientOptions;
import io.kdss.testing.TestPorts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A whole cluster in one JVM for repair tests: masters on one in-memory metadata store, and
 * storage nodes with three 128 MiB file disks each (real io_uring, LMDB, ISA-L), short
 * heartbeat and repair intervals; a client library writing and reading objects.
 */
final class RepairCluster implements AutoCloseable {

  static final int DISKS_PER_NODE = 3;

  final EmbeddedMongo mongo = EmbeddedMongo.start(null, 0);
  final Path dir;
  final List<Integer> masterPorts = new ArrayList<>();
  final List<NodeRuntime> masters = new ArrayList<>();
  final List<Boolean> mastersAlive = new ArrayList<>();
  final List<NodeRuntime> storage = new ArrayList<>();
  final Vertx vertx = Vertx.vertx();
  final SimpleMeterRegistry clientMetrics = new SimpleMeterRegistry();
  final MasterClient meta;
  final ShardClient shards;
  final KdssClient client;
  private final Map<String, Object> repair;
  private final String database = "kdss" + System.nanoTime();

  RepairCluster(Path dir, int masterCount, int storageNodes, Map<String, Object> repair) throws Exception {
    this.dir = dir;
    this.repair = repair;
    for (int i = 0; i < masterCount; i++) {
      masterPorts.add(TestPorts.free());
    }
    for (int i = 0; i < masterCount; i++) {
      if (i > 0) {
        // Every master of a cluster needs the same master key.
        Files.createDirectories(dir.resolve("master-" + i));
        Files.copy(dir.resolve("master-0").resolve("master.key"), dir.resolve("master-" + i).resolve("master.key"));
      }
      NodeRuntime m = NodeRuntime.configure(masterConfig(i));
      await(m.start());
      masters.add(m);
      mastersAlive.add(true);
    }
    for (int i = 0; i < storageNodes; i++) {
      addStorageNode();
    }
    meta = MasterClient.create(vertx, new MasterClientOptions().setMasters(addresses()).setCallTimeoutMs(3000)
        .setFailoverDeadlineMs(15_000).setRoundBackoffMs(50));
    shards = ShardClient.create(vertx, new ShardClientOptions());
    client = new KdssClient(vertx, new ClientOptions().setShardSize(64 << 10).setGroupReuseMs(0), new MasterStripePlacement(meta),
        new ShardClientTransport(shards), clientMetrics);
    eventually(30_000, "every disk registered and groups open", () -> {
      ClusterStatus s = status();
      return s.getVolumesCount() == storageNodes * DISKS_PER_NODE && s.getOpenGroups() > 0;
    });
  }

  List<String> addresses() {
    return masterPorts.stream().map(p -> "127.0.0.1:" + p).toList();
  }

  private Map<String, Object> masterConfig(int i) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("node", new LinkedHashMap<>(Map.of("id", "master-" + i, "dataDir", dir.resolve("master-" + i).toString())));
    c.put("roles", List.of("master"));
    c.put("masters", addresses());
    c.put("mongo", new LinkedHashMap<>(Map.of("uri", mongo.connectionString(), "database", database, "writeConcern", "1")));
    Map<String, Object> m = new LinkedHashMap<>(Map.of(
        "port", masterPorts.get(i), "heartbeatIntervalMs", 100, "suspectAfterMs", 500, "downAfterMs", 1000,
        "leaseMs", 1500, "viewRefreshMs", 100, "gcIntervalMs", 200, "gcGraceMs", 0, "orderTimeoutMs", 3000,
        "diskReserveBytes", "1MiB"));
    m.put("repair", repair);
    c.put("master", m);
    return c;
  }

  NodeRuntime addStorageNode() throws Exception {
    int n = storage.size();
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("node", new LinkedHashMap<>(Map.of("id", "storage-" + n, "dataDir", dir.resolve("storage-" + n).toString())));
    c.put("roles", List.of("storage"));
    c.put("masters", addresses());
    List<Object> disks = new ArrayList<>();
    for (int d = 0; d < DISKS_PER_NODE; d++) {
      disks.add(Map.of("path", dir.resolve("storage-" + n).resolve("d" + d + ".img").toString(), "size", "128MiB"));
    }
    c.put("storage", new LinkedHashMap<>(Map.of("port", TestPorts.free(), "dataPort", TestPorts.free(),
        "disks", disks, "autoFormat", true, "segmentSize", "8MiB", "maxShardSize", "1MiB", "maxBatchSize", "2MiB",
        "scrub", Map.of("intervalMs", 1000, "rate", "256MiB"))));
    NodeRuntime rt = NodeRuntime.configure(c);
    await(rt.start());
    storage.add(rt);
    return rt;
  }

  ClusterStatus status() throws Exception {
    return await(meta.call(PlacementServiceGrpcClient.GetClusterStatus,
        ClusterStatusRequest.newBuilder().setWithGroups(true).build()));
  }

  AdminClient admin() throws Exception {
    CredentialsFile creds = CredentialsFile.read(dir.resolve("master-0").resolve("credentials")).orElseThrow();
    int live = mastersAlive.indexOf(true);
    return new AdminClient(GrpcClient.client(vertx), SocketAddress.inetSocketAddress(masterPorts.get(live), "127.0.0.1"),
        creds.accessKeyId(), creds.secretAccessKey());
  }

  /** Writes an object through the namespace's atomic write; returns its entry id. */
  long put(String name, byte[] bytes) throws Exception {
    Entry bucket;
    try {
      bucket = await(meta.lookup(1, "b"));
    } catch (Exception e) {
      bucket = await(meta.mkdir(1, "b"));
    }
    WriteHandle h = await(meta.beginWrite(BeginWriteRequest.newBuilder().setParentId(bucket.getId()).setPath(name)
        .setMakeParents(true).build()));
    Promise<ObjectWriter.WriteResult> result = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      ObjectWriter w = client.writer(h.getScheme(), 0);
      for (int at = 0; at < bytes.length; at += 50_000) {
        w.write(Buffer.buffer(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 50_000))));
      }
      w.end();
      w.result().onComplete(result);
    });
    List<Stripe> stripes = new ArrayList<>(await(result.future()).stripes());
    await(meta.appendStripes(AppendStripesRequest.newBuilder().setId(h.getEntry().getId())
        .setContentId(h.getContentId()).addAllStripes(stripes).build()));
    await(meta.commitWrite(CommitWriteRequest.newBuilder().setId(h.getEntry().getId()).setContentId(h.getContentId())
        .setSize(bytes.length).setEtag("e").build()));
    return h.getEntry().getId();
  }

  List<Stripe> stripes(long entryId) throws Exception {
    return await(meta.readStripes(ReadStripesRequest.newBuilder().setId(entryId).build())).getStripesList();
  }

  byte[] read(long entryId, long length) throws Exception {
    List<Stripe> stripes = stripes(entryId);
    Promise<Buffer> all = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> client.reader(stripes, 0, length)
        .collect(java.util.stream.Collector.of(Buffer::buffer, Buffer::appendBuffer, Buffer::appendBuffer))
        .onComplete(all));
    return await(all.future()).getBytes();
  }

  double degradedReads() {
    return clientMetrics.counter("kdss.client.reads.degraded").count();
  }

  EcGroup group(long id) throws Exception {
    return await(meta.getGroup(id));
  }

  /** Disk ids of storage node {@code n}, from the cluster status. */
  List<String> disksOf(int n) throws Exception {
    return status().getVolumesList().stream().filter(v -> v.getNodeId().equals("storage-" + n))
        .map(v -> v.getDiskId()).toList();
  }

  void killMaster(int i) throws Exception {
    mastersAlive.set(i, false);
    await(masters.get(i).vertx().close());
  }

  @Override
  public void close() throws Exception {
    await(client.close());
    await(shards.close());
    await(meta.close());
    for (NodeRuntime s : storage) {
      try {
        await(s.stop());
      } catch (Exception ignored) {
        // already stopped by the test
      }
    }
    for (int i = 0; i < masters.size(); i++) {
      if (mastersAlive.get(i)) {
        await(masters.get(i).stop());
      }
    }
    await(vertx.close());
    mongo.close();
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  interface Check {
    boolean test() throws Exception;
  }

  static void eventually(long timeoutMs, String what, Check check) throws Exception {
    long end = System.currentTimeMillis() + timeoutMs;
    Exception last = null;
    while (System.currentTimeMillis() < end) {
      try {
        if (check.test()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out after " + timeoutMs + " ms waiting for: " + what, last);
  }
}
