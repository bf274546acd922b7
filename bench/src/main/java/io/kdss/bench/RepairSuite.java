package io.kdss.bench;

import io.kdss.ec.ErasureCodec;
import io.kdss.node.NodeRuntime;
import io.kdss.proto.EcScheme;
import io.kdss.proto.HeartbeatServiceGrpcService;
import io.kdss.proto.MasterReply;
import io.kdss.proto.NodeReport;
import io.kdss.proto.Order;
import io.kdss.proto.OrderResult;
import io.kdss.proto.RepairShard;
import io.kdss.proto.ShardId;
import io.kdss.proto.ShardSource;
import io.kdss.rpc.RpcHttpServer;
import io.kdss.shard.ShardClient;
import io.kdss.shard.ShardClientOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.grpc.server.GrpcServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Shard rebuild throughput on one storage node (seven file disks, io_uring, LMDB, ISA-L):
 * stripes of 4+2 shards of 1 MiB on disks 0-5, then shard 2 of every stripe rebuilt onto disk
 * 6 by RepairShard orders (the node fetches 4 survivors over the data plane, checks their
 * CRCs, decodes, writes durably) against the same work done by a client beside it (4 gets,
 * decode in the client, 1 put: what a client-side rebuild costs), and reading the 4
 * survivors alone (the floor any rebuild pays). Options: --stripes=N, --depth=N, --dir=PATH.
 */
final class RepairSuite implements BenchSuite {

  private static final int MIB = 1 << 20;
  private static final int K = 4;
  private static final int M = 2;
  private static final int LOST = 2;

  @Override
  public String name() {
    return "repair";
  }

  @Override
  public String description() {
    return "shard rebuild on a storage node (RepairShard, 4+2, 1MiB) vs a client-side rebuild vs reading k shards";
  }

  @Override
  public void run(BenchArgs args) throws Exception {
    int stripes = args.integer("stripes", args.quick() ? 48 : 160);
    int depth = args.integer("depth", 8);
    Path dir = Files.createTempDirectory(Path.of(args.get("dir", "/var/tmp")), "kdss-bench-repair-");
    Bench b = new Bench(dir);
    try {
      b.start();
      System.err.printf("bench repair: %d stripes of %d+%d x 1 MiB on %s, %d in flight%n", stripes, K, M, dir, depth);
      List<byte[][]> data = b.write(stripes);
      b.readSurvivors(stripes, depth);
      double readK = b.readSurvivors(stripes, depth);
      double client = b.clientRebuild(stripes, depth, 1_000_000);
      double node = b.nodeRebuild(data, 2_000_000);
      Results.print("repair", "scheme", K + "+" + M, "shard", "1MiB", "stripes", stripes, "depth", depth,
          "kdss_mbps", node, "client_rebuild_mbps", client, "read_k_mbps", readK,
          "ratio_vs_client", node / client, "ratio_vs_read_k", node / readK);
    } finally {
      b.stop();
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** One storage node, a stand-in master that hands out orders on heartbeat replies, a client. */
  private static final class Bench {
    final Path dir;
    final Queue<Order> pending = new ConcurrentLinkedQueue<>();
    final Map<Long, OrderResult> results = new ConcurrentHashMap<>();
    final List<UUID> disks = new ArrayList<>();
    Vertx master;
    Vertx client;
    NodeRuntime node;
    ShardClient shards;
    String address;

    Bench(Path dir) {
      this.dir = dir;
    }

    void start() throws Exception {
      int masterPort = freePort();
      int dataPort = freePort();
      master = Vertx.vertx();
      GrpcServer grpc = GrpcServer.server(master);
      Map<Integer, String> seen = new ConcurrentHashMap<>();
      new HeartbeatServiceGrpcService() {
        @Override
        protected void beat(io.vertx.core.streams.ReadStream<NodeReport> in,
            io.vertx.core.streams.WriteStream<MasterReply> out) {
          in.handler(r -> {
            r.getResultsList().forEach(x -> results.put(x.getOrderId(), x));
            if (disks.isEmpty() && r.getDisksCount() == 7) {
              r.getDisksList().forEach(d -> seen.put(Integer.parseInt(d.getPath().replaceAll(".*d(\\d+)\\.img", "$1")),
                  d.getDiskId()));
            }
            MasterReply.Builder reply = MasterReply.newBuilder().setMasterId("bench").setLeader(true).setEpoch(1)
                .setHeartbeatIntervalMs(20).setClusterId("00000000-0000-0000-0000-0000000000be")
                .setAckSequence(r.getSequence());
            Order o;
            while ((o = pending.poll()) != null) {
              reply.addOrders(o);
            }
            out.write(reply.build());
          });
        }
      }.bind(grpc);
      await(RpcHttpServer.listen(master, "127.0.0.1", masterPort, grpc, Router.router(master)));
      node = NodeRuntime.configure(config(masterPort, dataPort));
      await(node.start());
      for (int i = 0; i < 200 && seen.size() < 7; i++) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
      for (int i = 0; i < 7; i++) {
        disks.add(UUID.fromString(seen.get(i)));
      }
      client = Vertx.vertx();
      shards = ShardClient.create(client, new ShardClientOptions());
      address = "127.0.0.1:" + dataPort;
    }

    Map<String, Object> config(int masterPort, int dataPort) throws IOException {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("node", new LinkedHashMap<>(Map.of("id", "bench-repair", "dataDir", dir.toString())));
      c.put("roles", List.of("storage"));
      c.put("masters", List.of("127.0.0.1:" + masterPort));
      List<Object> ds = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        ds.add(Map.of("path", dir.resolve("d" + i + ".img").toString(), "size", "1GiB"));
      }
      c.put("storage", new LinkedHashMap<>(Map.of("port", freePort(), "dataPort", dataPort, "disks", ds,
          "autoFormat", true, "segmentSize", "32MiB", "indexMapSize", "256MiB",
          "scrub", Map.of("rate", 0), "compaction", Map.of("enabled", false))));
      return c;
    }

    /** Writes the stripes' k+m shards, shard i on disk i (durable when the puts complete). */
    List<byte[][]> write(int stripes) throws Exception {
      ErasureCodec codec = ErasureCodec.create(K, M);
      Random random = new Random(17);
      List<byte[][]> all = new ArrayList<>();
      for (int s = 0; s < stripes; s++) {
        byte[][] shard = new byte[K + M][MIB];
        ByteBuffer[] d = new ByteBuffer[K];
        ByteBuffer[] p = new ByteBuffer[M];
        for (int i = 0; i < K; i++) {
          random.nextBytes(shard[i]);
          d[i] = ByteBuffer.allocateDirect(MIB).put(shard[i]).flip();
        }
        for (int i = 0; i < M; i++) {
          p[i] = ByteBuffer.allocateDirect(MIB);
        }
        codec.encode(d, p);
        for (int i = 0; i < M; i++) {
          p[i].get(0, shard[K + i]);
        }
        List<Future<Void>> puts = new ArrayList<>();
        for (int i = 0; i < K + M; i++) {
          puts.add(shards.put(address, disks.get(i), s + 1, i, Buffer.buffer(shard[i])));
        }
        await(Future.all(puts));
        all.add(crcs(shard));
      }
      return all;
    }

    /** MB/s of rebuilt shard bytes when reading the k survivors is all that is done. */
    double readSurvivors(int stripes, int depth) throws Exception {
      return paced(stripes, depth, s -> Future.all(survivors(s)).mapEmpty());
    }

    /** A client rebuilds: k gets, decode in the client, one put to the spare disk. */
    double clientRebuild(int stripes, int depth, long stripeOffset) throws Exception {
      ErasureCodec codec = ErasureCodec.create(K, M);
      return paced(stripes, depth, s -> Future.all(survivors(s)).compose(all -> client.executeBlocking(() -> {
        ByteBuffer[] in = new ByteBuffer[K + M];
        int used = 0;
        for (int i = 0; i < K + M && used < K; i++) {
          if (i != LOST) {
            in[i] = ByteBuffer.allocateDirect(MIB).put(all.<Buffer>resultAt(used).getBytes()).flip();
            used++;
          }
        }
        in[LOST] = ByteBuffer.allocateDirect(MIB);
        codec.decode(in, new int[] {LOST});
        byte[] out = new byte[MIB];
        in[LOST].get(0, out);
        return out;
      }, false)).compose(out -> shards.put(address, disks.get(6), stripeOffset + s + 1, LOST, Buffer.buffer(out))));
    }

    /** RepairShard orders for shard LOST of every stripe onto disk 6, all queued at once on the node. */
    double nodeRebuild(List<byte[][]> crcs, long orderBase) throws Exception {
      long started = System.nanoTime();
      for (int s = 0; s < crcs.size(); s++) {
        RepairShard.Builder r = RepairShard.newBuilder().setDiskId(disks.get(6).toString())
            .setShard(ShardId.newBuilder().setStripeId(s + 1).setIndex(LOST))
            .setScheme(EcScheme.newBuilder().setK(K).setM(M)).setShardLength(MIB)
            .setCrc32C(crcOf(crcs.get(s)[LOST])).setGroupId(1);
        for (int i = 0; i < K + M; i++) {
          if (i != LOST) {
            r.addSources(ShardSource.newBuilder().setIndex(i).setDiskId(disks.get(i).toString())
                .setDataAddress(address).setCrc32C(crcOf(crcs.get(s)[i])));
          }
        }
        pending.add(Order.newBuilder().setOrderId(orderBase + s).setRepairShard(r).build());
      }
      for (int s = 0; s < crcs.size(); s++) {
        OrderResult res;
        while ((res = results.get(orderBase + s)) == null) {
          TimeUnit.MILLISECONDS.sleep(2);
        }
        if (!res.getOk() || res.getAlreadyPresent()) {
          throw new IllegalStateException("repair of stripe " + (s + 1) + " failed: " + res.getError());
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      return crcs.size() * (double) MIB / 1e6 / seconds;
    }

    List<Future<Buffer>> survivors(int s) {
      List<Future<Buffer>> gets = new ArrayList<>();
      for (int i = 0, n = 0; i < K + M && n < K; i++) {
        if (i != LOST) {
          gets.add(shards.get(address, disks.get(i), s + 1, i));
          n++;
        }
      }
      return gets;
    }

    double paced(int stripes, int depth, java.util.function.IntFunction<Future<?>> op) throws Exception {
      Semaphore window = new Semaphore(depth);
      long started = System.nanoTime();
      List<Future<?>> all = new ArrayList<>();
      for (int s = 0; s < stripes; s++) {
        window.acquire();
        Future<?> f = op.apply(s).onComplete(ar -> window.release());
        all.add(f);
      }
      await(Future.all(all));
      return stripes * (double) MIB / 1e6 / ((System.nanoTime() - started) / 1e9);
    }

    void stop() throws Exception {
      if (shards != null) {
        await(shards.close());
      }
      if (client != null) {
        await(client.close());
      }
      if (node != null) {
        await(node.stop());
      }
      if (master != null) {
        await(master.close());
      }
    }
  }

  /** CRCs of a stripe's shards, as one-element arrays (what the metadata records). */
  private static byte[][] crcs(byte[][] shards) {
    byte[][] out = new byte[shards.length][];
    for (int i = 0; i < shards.length; i++) {
      CRC32C c = new CRC32C();
      c.update(shards[i]);
      out[i] = ByteBuffer.allocate(4).putInt((int) c.getValue()).array();
    }
    return out;
  }

  private static int crcOf(byte[] four) {
    return ByteBuffer.wrap(four).getInt();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
  }
}
