package io.kdss.storage.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.kdss.storage.TestDisks;
import io.kdss.testing.TestPorts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.grpc.server.GrpcServer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RepairShard orders on a real storage node (two file disks, a stand-in master speaking the
 * heartbeat contract): a shard decoded from k sources lands on the target disk with its
 * recorded CRC; a repeat is answered "already present"; a wrong recorded CRC writes nothing;
 * a source whose bytes do not match its recorded CRC is skipped for the next one; a copy
 * source is copied; too few readable sources fail with the reason.
 */
class ShardRebuilderTest {

  static final int K = 4;
  static final int M = 2;
  static final int LEN = 16 << 10;

  @TempDir
  Path data;

  private final int masterPort = TestPorts.free();
  private final int dataPort = TestPorts.free();
  private final List<NodeReport> reports = new CopyOnWriteArrayList<>();
  private final List<Order> pending = new CopyOnWriteArrayList<>();
  private final AtomicLong orderIds = new AtomicLong();
  private Vertx master;
  private Vertx clientVertx;
  private ShardClient client;
  private NodeRuntime node;
  private String address;
  private UUID source;
  private UUID target;

  @BeforeEach
  void start() throws Exception {
    master = Vertx.vertx();
    GrpcServer grpc = GrpcServer.server(master);
    new HeartbeatServiceGrpcService() {
      @Override
      protected void beat(io.vertx.core.streams.ReadStream<NodeReport> in, io.vertx.core.streams.WriteStream<MasterReply> out) {
        in.handler(r -> {
          reports.add(r);
          MasterReply.Builder reply = MasterReply.newBuilder().setMasterId("m1").setAckSequence(r.getSequence())
              .setHeartbeatIntervalMs(100).setClusterId(TestDisks.CLUSTER.toString()).setEpoch(1).setLeader(true);
          pending.forEach(reply::addOrders);
          pending.clear();
          out.write(reply.build());
        });
      }
    }.bind(grpc);
    await(RpcHttpServer.listen(master, "127.0.0.1", masterPort, grpc, Router.router(master)));
    node = NodeRuntime.configure(config());
    await(node.start());
    clientVertx = Vertx.vertx();
    client = ShardClient.create(clientVertx, new ShardClientOptions());
    address = "127.0.0.1:" + dataPort;
    NodeReport r = awaitDisks();
    source = UUID.fromString(r.getDisks(0).getDiskId());
    target = UUID.fromString(r.getDisks(1).getDiskId());
  }

  @AfterEach
  void stop() throws Exception {
    await(client.close());
    await(clientVertx.close());
    await(node.stop());
    await(master.close());
  }

  @Test
  void rebuildsVerifiesAndIsIdempotent() throws Exception {
    byte[][] stripe = stripe(new Random(1));
    store(100, stripe, 2);

    OrderResult first = run(order(100, 2, crc(stripe[2]), sources(stripe, 2)));
    assertThat(first.getOk()).as(first.getError()).isTrue();
    assertThat(first.getAlreadyPresent()).isFalse();
    assertThat(first.getCopied()).isFalse();
    assertThat(await(client.get(address, target, 100, 2)).getBytes()).isEqualTo(stripe[2]);

    OrderResult again = run(order(100, 2, crc(stripe[2]), sources(stripe, 2)));
    assertThat(again.getOk()).isTrue();
    assertThat(again.getAlreadyPresent()).as("a repeated order finds the shard in place").isTrue();
  }

  @Test
  void aRebuiltShardThatDoesNotMatchTheRecordedCrcIsNotWritten() throws Exception {
    byte[][] stripe = stripe(new Random(2));
    store(200, stripe, 1);
    OrderResult r = run(order(200, 1, crc(stripe[1]) ^ 1, sources(stripe, 1)));
    assertThat(r.getOk()).isFalse();
    assertThat(r.getError()).contains("nothing written");
    assertThatThrownBy(() -> await(client.get(address, target, 200, 1))).hasMessageContaining("NOT_FOUND");
  }

  @Test
  void aSourceThatFailsItsRecordedCrcIsSkippedAndACopySourceIsCopied() throws Exception {
    byte[][] stripe = stripe(new Random(3));
    store(300, stripe, 0);
    List<ShardSource> sources = new ArrayList<>(sources(stripe, 0));
    // The first listed source claims a CRC its bytes do not have: the node must use the spare one.
    sources.set(0, sources.get(0).toBuilder().setCrc32C(sources.get(0).getCrc32C() ^ 7).build());
    OrderResult r = run(order(300, 0, crc(stripe[0]), sources));
    assertThat(r.getOk()).as(r.getError()).isTrue();
    assertThat(await(client.get(address, target, 300, 0)).getBytes()).isEqualTo(stripe[0]);

    store(400, stripe, -1);
    OrderResult copy = run(order(400, 3, crc(stripe[3]), List.of(source(3, stripe))));
    assertThat(copy.getOk()).as(copy.getError()).isTrue();
    assertThat(copy.getCopied()).isTrue();
    assertThat(await(client.get(address, target, 400, 3)).getBytes()).isEqualTo(stripe[3]);
  }

  @Test
  void tooFewReadableSourcesFailWithTheReason() throws Exception {
    byte[][] stripe = stripe(new Random(4));
    store(500, stripe, 5);
    List<ShardSource> three = sources(stripe, 5).subList(0, 3);
    OrderResult r = run(order(500, 5, crc(stripe[5]), three));
    assertThat(r.getOk()).isFalse();
    assertThat(r.getError()).contains("needs 4 sources");
  }

  private byte[][] stripe(Random random) {
    byte[][] shards = new byte[K + M][LEN];
    ByteBuffer[] d = new ByteBuffer[K];
    ByteBuffer[] p = new ByteBuffer[M];
    for (int i = 0; i < K; i++) {
      random.nextBytes(shards[i]);
      d[i] = ByteBuffer.allocateDirect(LEN).put(shards[i]).flip();
    }
    for (int i = 0; i < M; i++) {
      p[i] = ByteBuffer.allocateDirect(LEN);
    }
    ErasureCodec.create(K, M).encode(d, p);
    for (int i = 0; i < M; i++) {
      p[i].get(0, shards[K + i]);
    }
    return shards;
  }

  /** Every shard but {@code missing} on the source disk. */
  private void store(long stripeId, byte[][] stripe, int missing) throws Exception {
    for (int i = 0; i < K + M; i++) {
      if (i != missing) {
        await(client.put(address, source, stripeId, i, Buffer.buffer(stripe[i])));
      }
    }
  }

  private List<ShardSource> sources(byte[][] stripe, int missing) {
    List<ShardSource> out = new ArrayList<>();
    for (int i = 0; i < K + M; i++) {
      if (i != missing) {
        out.add(source(i, stripe));
      }
    }
    return out;
  }

  private ShardSource source(int i, byte[][] stripe) {
    return ShardSource.newBuilder().setIndex(i).setDiskId(source.toString()).setDataAddress(address)
        .setCrc32C(crc(stripe[i])).build();
  }

  private Order order(long stripeId, int index, int crc, List<ShardSource> sources) {
    return Order.newBuilder().setOrderId(orderIds.incrementAndGet()).setRepairShard(RepairShard.newBuilder()
        .setDiskId(target.toString()).setShard(ShardId.newBuilder().setStripeId(stripeId).setIndex(index))
        .setScheme(EcScheme.newBuilder().setK(K).setM(M)).setShardLength(LEN).setCrc32C(crc).addAllSources(sources)
        .setGroupId(1)).build();
  }

  private OrderResult run(Order order) throws Exception {
    pending.add(order);
    for (int i = 0; i < 200; i++) {
      for (NodeReport r : reports) {
        for (OrderResult res : r.getResultsList()) {
          if (res.getOrderId() == order.getOrderId()) {
            return res;
          }
        }
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError("order " + order.getOrderId() + " never answered");
  }

  static int crc(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b);
    return (int) c.getValue();
  }

  private NodeReport awaitDisks() throws Exception {
    for (int i = 0; i < 200; i++) {
      for (NodeReport r : reports) {
        if (r.getDisksCount() == 2) {
          return r;
        }
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError("no heartbeat with 2 disks");
  }

  private Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("node", new LinkedHashMap<>(Map.of("id", "st-r", "dataDir", data.toString())));
    c.put("roles", List.of("storage"));
    c.put("masters", List.of("127.0.0.1:" + masterPort));
    List<Object> disks = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      disks.add(Map.of("path", "disks/d" + i + ".img", "size", "128MiB"));
    }
    c.put("storage", new LinkedHashMap<>(Map.of("port", TestPorts.free(), "dataPort", dataPort, "disks", disks,
        "autoFormat", true, "segmentSize", "8MiB", "indexMapSize", "64MiB", "maxShardSize", "1MiB",
        "maxBatchSize", "4MiB")));
    return c;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
