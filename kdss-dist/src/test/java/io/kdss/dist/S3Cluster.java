package io.kdss.dist;

import io.kdss.admin.AdminClient;
import io.kdss.auth.CredentialsFile;
import io.kdss.client.master.MasterClient;
import io.kdss.client.master.MasterClientOptions;
import io.kdss.node.NodeRuntime;
import io.kdss.proto.ClusterStatus;
import io.kdss.proto.NodeStatus;
import io.kdss.proto.VolumeStatus;
import io.kdss.shard.ShardClient;
import io.kdss.shard.ShardClientOptions;
import io.kdss.shard.ShardInfo;
import io.kdss.testing.TestPorts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A whole cluster in this JVM for S3 integration tests: master, storage node (six file-backed
 * disks, EC 4+2, real io_uring and LMDB), the S3 gateway and the embedded metadata store, with
 * a short garbage-collection grace so tests can watch shards go; the admin key pair the master
 * bootstrapped; real AWS SDK v2 clients; the storage node's shard listing to check what is on disk.
 */
final class S3Cluster implements AutoCloseable {

  static final int SHARD_SIZE = 256 << 10;

  final Path data;
  final int masterPort = TestPorts.free();
  final int s3Port = TestPorts.free();
  final NodeRuntime node;
  final Vertx vertx = Vertx.vertx();
  final MasterClient masters;
  final ShardClient shards;
  final CredentialsFile admin;

  S3Cluster(Path data) throws Exception {
    this.data = data;
    node = NodeRuntime.configure(config());
    await(node.start());
    masters = MasterClient.create(vertx, new MasterClientOptions().setMasters(List.of("127.0.0.1:" + masterPort)));
    shards = ShardClient.create(vertx, new ShardClientOptions());
    admin = CredentialsFile.read(data.resolve("credentials")).orElseThrow();
    long deadline = System.currentTimeMillis() + 30_000;
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

  String endpoint() {
    return "http://127.0.0.1:" + s3Port;
  }

  S3Client s3(String accessKey, String secret) {
    return s3(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)));
  }

  S3Client s3Admin() {
    return s3(admin.accessKeyId(), admin.secretAccessKey());
  }

  S3Client s3Anonymous() {
    return s3(AnonymousCredentialsProvider.create());
  }

  private S3Client s3(AwsCredentialsProvider credentials) {
    return S3Client.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(credentials).forcePathStyle(true)
        .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(120)).build())
        .httpClient(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build()).build();
  }

  S3Presigner presigner() {
    return S3Presigner.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(admin.accessKeyId(),
            admin.secretAccessKey())))
        .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true)
            .build())
        .build();
  }

  AdminClient adminClient() {
    return new AdminClient(GrpcClient.client(vertx), SocketAddress.inetSocketAddress(masterPort, "127.0.0.1"),
        admin.accessKeyId(), admin.secretAccessKey());
  }

  /** Every (stripe id) with a shard on any of the node's disks. */
  Set<Long> stripesOnDisk() throws Exception {
    ClusterStatus s = await(masters.clusterStatus());
    Map<String, String> nodeAddress = new LinkedHashMap<>();
    for (NodeStatus n : s.getNodesList()) {
      nodeAddress.put(n.getNodeId(), n.getDataAddress());
    }
    Set<Long> out = new HashSet<>();
    for (VolumeStatus v : s.getVolumesList()) {
      long from = 0;
      while (true) {
        List<ShardInfo> page = await(shards.list(nodeAddress.get(v.getNodeId()), UUID.fromString(v.getDiskId()), from,
            Long.MAX_VALUE, 10_000));
        page.forEach(i -> out.add(i.stripeId()));
        if (page.size() < 10_000) {
          break;
        }
        from = page.get(page.size() - 1).stripeId() + 1;
      }
    }
    return out;
  }

  /** Waits until no stripe outside {@code keep} has shards on disk (garbage collected); returns what is left. */
  Set<Long> awaitCollected(Set<Long> keep, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (true) {
      Set<Long> extra = new HashSet<>(stripesOnDisk());
      extra.removeAll(keep);
      if (extra.isEmpty() || System.currentTimeMillis() > deadline) {
        return extra;
      }
      Thread.sleep(200);
    }
  }

  @Override
  public void close() throws Exception {
    await(shards.close());
    await(masters.close());
    await(vertx.close());
    await(node.stop());
  }

  private Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("node", new LinkedHashMap<>(Map.of("id", "s3it", "dataDir", data.toString())));
    c.put("roles", List.of("master", "storage", "s3"));
    c.put("mongo", new LinkedHashMap<>(Map.of("uri", "embedded", "embeddedPort", TestPorts.free())));
    c.put("master", new LinkedHashMap<>(Map.of("port", masterPort, "gcGraceMs", 300, "gcIntervalMs", 200,
        "viewRefreshMs", 200)));
    List<Object> disks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      disks.add(Map.of("path", "disks/d" + i + ".img", "size", "4GiB"));
    }
    c.put("storage", new LinkedHashMap<>(Map.of("port", TestPorts.free(), "dataPort", TestPorts.free(),
        "disks", disks, "autoFormat", true, "segmentSize", "32MiB")));
    c.put("s3", new LinkedHashMap<>(Map.of("port", s3Port, "bucketCacheMs", 200,
        "client", Map.of("shardSize", SHARD_SIZE))));
    return c;
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
