package io.kdss.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.client.ClientOptions;
import io.kdss.client.KdssClient;
import io.kdss.client.MasterStripePlacement;
import io.kdss.client.ObjectWriter;
import io.kdss.client.ShardClientTransport;
import io.kdss.client.master.MasterClient;
import io.kdss.client.master.MasterClientOptions;
import io.kdss.node.NodeRuntime;
import io.kdss.proto.AppendStripesRequest;
import io.kdss.proto.BeginWriteRequest;
import io.kdss.proto.ClusterStatus;
import io.kdss.proto.CommitWriteRequest;
import io.kdss.proto.EcGroup;
import io.kdss.proto.Entry;
import io.kdss.proto.ReadStripesReply;
import io.kdss.proto.ReadStripesRequest;
import io.kdss.proto.Stripe;
import io.kdss.proto.WriteHandle;
import io.kdss.shard.ShardClient;
import io.kdss.shard.ShardClientOptions;
import io.kdss.shard.ShardInfo;
import io.kdss.testing.TestPorts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spine end to end in one JVM: a master and a storage node with six file-backed disks
 * (real io_uring, LMDB, embedded metadata), the client library writing an object through the
 * namespace's atomic write, reading it back, and reading it again with m shards of every
 * stripe deleted from the disks.
 */
class DataPathTest {

  @TempDir
  Path data;

  private NodeRuntime node;
  private Vertx vertx;
  private MasterClient masters;
  private ShardClient shards;
  private KdssClient client;
  private final int masterPort = TestPorts.free();

  @BeforeEach
  void start() throws Exception {
    node = NodeRuntime.configure(config());
    await(node.start());
    vertx = Vertx.vertx();
    masters = MasterClient.create(vertx, new MasterClientOptions().setMasters(List.of("127.0.0.1:" + masterPort)));
    shards = ShardClient.create(vertx, new ShardClientOptions());
    client = new KdssClient(vertx, new ClientOptions().setShardSize(64 << 10), new MasterStripePlacement(masters),
        new ShardClientTransport(shards), new SimpleMeterRegistry());
    long deadline = System.currentTimeMillis() + 20_000;
    while (true) {
      ClusterStatus s = await(masters.clusterStatus());
      if (s.getVolumesCount() == 6 && s.getOpenGroups() > 0) {
        break;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("storage node never registered its 6 disks: " + s);
      }
      Thread.sleep(100);
    }
  }

  @AfterEach
  void stop() throws Exception {
    await(client.close());
    await(shards.close());
    await(masters.close());
    await(vertx.close());
    await(node.stop());
  }

  @Test
  void anObjectRoundTripsAndSurvivesTwoLostShardsPerStripe() throws Exception {
    Entry bucket = await(masters.mkdir(1, "photos"));
    byte[] bytes = new byte[3 * 4 * (64 << 10) + 12345];
    new Random(1).nextBytes(bytes);
    WriteHandle handle = await(masters.beginWrite(BeginWriteRequest.newBuilder().setParentId(bucket.getId())
        .setPath("2026/cat.jpg").setMakeParents(true).build()));
    List<Stripe> stripes = write(handle, bytes);
    await(masters.appendStripes(AppendStripesRequest.newBuilder().setId(handle.getEntry().getId())
        .setContentId(handle.getContentId()).addAllStripes(stripes).build()));
    Entry committed = await(masters.commitWrite(CommitWriteRequest.newBuilder().setId(handle.getEntry().getId())
        .setContentId(handle.getContentId()).setSize(bytes.length).setEtag("e1").build()));
    assertThat(committed.getSize()).isEqualTo(bytes.length);

    ReadStripesReply recorded = await(masters.readStripes(ReadStripesRequest.newBuilder()
        .setId(committed.getId()).build()));
    assertThat(read(recorded.getStripesList(), 0, bytes.length)).isEqualTo(bytes);
    assertThat(read(recorded.getStripesList(), 100_000, 70_000)).isEqualTo(Arrays.copyOfRange(bytes, 100_000, 170_000));

    // Lose shards 0 and 3 of every stripe on the disks themselves: reads decode around them.
    for (Stripe s : recorded.getStripesList()) {
      EcGroup g = await(masters.getGroup(s.getGroupId()));
      for (int i : new int[] {0, 3}) {
        await(shards.delete(g.getMembers(i).getDataAddress(), UUID.fromString(g.getMembers(i).getDiskId()),
            List.of(new ShardInfo(s.getStripeId(), i, 0, 0))));
      }
    }
    assertThat(read(recorded.getStripesList(), 0, bytes.length)).isEqualTo(bytes);
  }

  private List<Stripe> write(WriteHandle handle, byte[] bytes) throws Exception {
    Promise<ObjectWriter.WriteResult> result = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      ObjectWriter w = client.writer(handle.getScheme(), 0);
      for (int at = 0; at < bytes.length; at += 10_000) {
        w.write(Buffer.buffer(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 10_000))));
      }
      w.end();
      w.result().onComplete(result);
    });
    return new ArrayList<>(await(result.future()).stripes());
  }

  private byte[] read(List<Stripe> stripes, long offset, long length) throws Exception {
    Promise<Buffer> all = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> client.reader(stripes, offset, length)
        .collect(java.util.stream.Collector.of(Buffer::buffer, Buffer::appendBuffer, Buffer::appendBuffer))
        .onComplete(all));
    return await(all.future()).getBytes();
  }

  private Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("node", new LinkedHashMap<>(Map.of("id", "e2e", "dataDir", data.toString())));
    c.put("roles", List.of("master", "storage"));
    c.put("mongo", new LinkedHashMap<>(Map.of("uri", "embedded", "embeddedPort", TestPorts.free())));
    c.put("master", new LinkedHashMap<>(Map.of("port", masterPort)));
    List<Object> disks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      disks.add(Map.of("path", "disks/d" + i + ".img", "size", "4GiB"));
    }
    c.put("storage", new LinkedHashMap<>(Map.of("port", TestPorts.free(), "dataPort", TestPorts.free(),
        "disks", disks, "autoFormat", true, "segmentSize", "32MiB")));
    return c;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
