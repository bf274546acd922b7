package io.kdss.storage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.node.NodeRuntime;
import io.kdss.proto.DeleteShards;
import io.kdss.proto.DiskReport;
import io.kdss.proto.HeartbeatServiceGrpcService;
import io.kdss.proto.MasterReply;
import io.kdss.proto.NodeReport;
import io.kdss.proto.Order;
import io.kdss.proto.OrderResult;
import io.kdss.proto.ShardId;
import io.kdss.rpc.RpcHttpServer;
import io.kdss.shard.ShardClient;
import io.kdss.shard.ShardClientOptions;
import io.kdss.shard.ShardException;
import io.kdss.shard.ShardFrame;
import io.kdss.shard.ShardInfo;
import io.kdss.shard.ShardOp;
import io.kdss.shard.ShardStatus;
import io.kdss.storage.TestDisks;
import io.kdss.testing.TestPorts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import io.vertx.grpc.server.GrpcServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole storage node (NodeRuntime with the storage role, two auto-formatted file disks)
 * against a stand-in master that speaks the real heartbeat contract, driven through the
 * real {@link ShardClient}.
 */
class StorageNodeTest {

  @TempDir
  Path data;

  private final int masterPort = TestPorts.free();
  private final int port = TestPorts.free();
  private final int dataPort = TestPorts.free();
  private final List<NodeReport> reports = new CopyOnWriteArrayList<>();
  private final List<Order> pendingOrders = new CopyOnWriteArrayList<>();
  private Vertx master;
  private Vertx clientVertx;
  private ShardClient client;

  @BeforeEach
  void startMaster() throws Exception {
    master = Vertx.vertx();
    GrpcServer grpc = GrpcServer.server(master);
    new HeartbeatServiceGrpcService() {
      @Override
      protected void beat(io.vertx.core.streams.ReadStream<NodeReport> in,
          io.vertx.core.streams.WriteStream<MasterReply> out) {
        in.handler(r -> {
          reports.add(r);
          MasterReply.Builder reply = MasterReply.newBuilder().setMasterId("m1").setAckSequence(r.getSequence())
              .setHeartbeatIntervalMs(100).setClusterId(TestDisks.CLUSTER.toString()).setEpoch(1);
          pendingOrders.forEach(reply::addOrders);
          pendingOrders.clear();
          out.write(reply.build());
        });
        in.endHandler(v -> out.end());
      }
    }.bind(grpc);
    await(RpcHttpServer.listen(master, "127.0.0.1", masterPort, grpc, Router.router(master)));
    clientVertx = Vertx.vertx();
    client = ShardClient.create(clientVertx, new ShardClientOptions().setConnectionsPerNode(2));
  }

  @AfterEach
  void stop() throws Exception {
    await(client.close());
    await(clientVertx.close());
    await(master.close());
  }

  @Test
  void servesShardsReportsDisksAndExecutesDeleteOrdersAcrossARestart() throws Exception {
    String node = "127.0.0.1:" + dataPort;
    UUID disk;
    Map<Integer, Buffer> written = new LinkedHashMap<>();
    NodeRuntime first = NodeRuntime.configure(config());
    await(first.start());
    try {
      DiskReport d0 = awaitDisks(2).getDisks(0);
      disk = UUID.fromString(d0.getDiskId());
      assertThat(d0.getCapacityBytes()).isPositive();
      assertThat(d0.getFreeBytes()).isPositive();
      Random r = new Random(7);
      List<ShardClient.Put> batch = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        byte[] b = new byte[1 + r.nextInt(300_000)];
        r.nextBytes(b);
        written.put(i, Buffer.buffer(b));
        batch.add(new ShardClient.Put(disk, 100 + i, 2, Buffer.buffer(b)));
      }
      await(client.putAll(node, batch));
      for (Map.Entry<Integer, Buffer> e : written.entrySet()) {
        assertThat(await(client.get(node, disk, 100 + e.getKey(), 2)).getBytes()).isEqualTo(e.getValue().getBytes());
      }
      ShardInfo st = await(client.stat(node, disk, 105, 2));
      assertThat(st.length()).isEqualTo(written.get(5).length());
      assertThat(st.crc32c()).isEqualTo(ShardFrame.crc32c(written.get(5)));
      assertThat(await(client.list(node, disk, 110, 115, 100))).extracting(ShardInfo::stripeId)
          .containsExactly(110L, 111L, 112L, 113L, 114L);
      assertStatus(client.get(node, disk, 999, 0), ShardStatus.NOT_FOUND);
      assertStatus(client.get(node, UUID.randomUUID(), 100, 2), ShardStatus.NO_SUCH_DISK);
      assertThat(badCrcPut(disk)).isEqualTo(ShardStatus.BAD_CRC);
      Buffer shard = written.get(3);
      assertStatus(client.put(node, disk, 130, 0, shard, ShardFrame.crc32c(shard) ^ 1), ShardStatus.BAD_CRC);
      assertStatus(client.get(node, disk, 130, 0), ShardStatus.NOT_FOUND);
      await(client.put(node, disk, 131, 0, shard, ShardFrame.crc32c(shard)));
      assertThat(await(client.get(node, disk, 131, 0)).getBytes()).isEqualTo(shard.getBytes());
      await(client.delete(node, disk, List.of(new ShardInfo(101, 2, 0, 0))));
      assertStatus(client.get(node, disk, 101, 2), ShardStatus.NOT_FOUND);

      pendingOrders.add(Order.newBuilder().setOrderId(42).setDeleteShards(DeleteShards.newBuilder()
          .setDiskId(disk.toString()).addShards(ShardId.newBuilder().setStripeId(102).setIndex(2))).build());
      OrderResult result = awaitResult(42);
      assertThat(result.getOk()).as(result.getError()).isTrue();
      assertStatus(client.get(node, disk, 102, 2), ShardStatus.NOT_FOUND);
      JsonObject health = await(io.vertx.ext.web.client.WebClient.create(clientVertx).get(port, "127.0.0.1", "/health")
          .send()).bodyAsJsonObject();
      JsonObject storage = health.getJsonObject("components").getJsonObject("storage");
      assertThat(storage.getString("status")).isEqualTo("UP");
      assertThat(storage.getJsonArray("disks")).hasSize(2);
      assertThat(storage.getJsonArray("disks").getJsonObject(0).getJsonObject("device").getString("health"))
          .isEqualTo("UNKNOWN");
    } finally {
      await(first.stop());
    }
    NodeRuntime second = NodeRuntime.configure(config());
    await(second.start());
    try {
      assertThat(await(client.get(node, disk, 110, 2)).getBytes()).isEqualTo(written.get(10).getBytes());
      assertStatus(client.get(node, disk, 101, 2), ShardStatus.NOT_FOUND);
    } finally {
      await(second.stop());
    }
  }

  /** Sends a PUT whose CRC does not match its payload straight on the wire. */
  private ShardStatus badCrcPut(UUID disk) throws Exception {
    NetSocket s = await(clientVertx.createNetClient().connect(dataPort, "127.0.0.1"));
    io.vertx.core.Promise<ShardFrame> answer = io.vertx.core.Promise.promise();
    s.handler(new io.kdss.shard.ShardFrameParser(answer::tryComplete, answer::tryFail));
    Buffer payload = Buffer.buffer("twelve bytes");
    s.write(ShardFrame.request(ShardOp.PUT, 1, disk, 5, 0, ShardFrame.crc32c(payload) ^ 1, payload).encode());
    ShardFrame f = await(answer.future());
    s.close();
    return f.status();
  }

  private Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("node", new LinkedHashMap<>(Map.of("id", "st-1", "dataDir", data.toString())));
    c.put("roles", List.of("storage"));
    c.put("masters", List.of("127.0.0.1:" + masterPort));
    List<Object> disks = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      disks.add(Map.of("path", "disks/d" + i + ".img", "size", "128MiB"));
    }
    c.put("storage", new LinkedHashMap<>(Map.of("port", port, "dataPort", dataPort, "disks", disks, "autoFormat", true,
        "segmentSize", "8MiB", "indexMapSize", "64MiB", "maxShardSize", "1MiB", "maxBatchSize", "4MiB")));
    return c;
  }

  private NodeReport awaitDisks(int n) throws Exception {
    for (int i = 0; i < 100; i++) {
      for (NodeReport r : reports) {
        if (r.getDisksCount() == n) {
          return r;
        }
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError("no heartbeat with " + n + " disks; got " + reports.size() + " reports");
  }

  private OrderResult awaitResult(long orderId) throws Exception {
    for (int i = 0; i < 100; i++) {
      for (NodeReport r : reports) {
        for (OrderResult res : r.getResultsList()) {
          if (res.getOrderId() == orderId) {
            return res;
          }
        }
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError("order " + orderId + " never reported");
  }

  private static void assertStatus(Future<?> f, ShardStatus status) {
    assertThatThrownBy(() -> await(f)).hasCauseInstanceOf(ShardException.class)
        .cause().satisfies(e -> assertThat(((ShardException) e).status()).isEqualTo(status));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
