package io.kdss.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.config.ConfigException;
import io.kdss.config.MongoOptions;
import io.kdss.config.YamlConfig;
import io.kdss.meta.MetaStore;
import io.kdss.node.NodeRuntime;
import io.kdss.testing.TestPorts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole dev node (every role, embedded metadata) started, used, stopped and restarted in-process. */
class NodeRuntimeTest {

  @TempDir
  Path data;

  private final int masterPort = TestPorts.free();
  private final int storagePort = TestPorts.free();
  private final int storageDataPort = TestPorts.free();
  private final int s3Port = TestPorts.free();
  private final int dashboardPort = TestPorts.free();
  private final int mongoPort = TestPorts.free();

  @Test
  void devNodeServesHealthEverywhereAndKeepsMetadataAcrossRestart() throws Exception {
    NodeRuntime first = NodeRuntime.configure(devConfig());
    await(first.start());
    String clusterId;
    Vertx client = Vertx.vertx();
    try {
      WebClient web = WebClient.create(client);
      for (int port : List.of(masterPort, storagePort, s3Port, dashboardPort)) {
        HttpResponse<Buffer> health = await(web.get(port, "127.0.0.1", "/health").send());
        assertThat(health.statusCode()).as("health on %d", port).isEqualTo(200);
        assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("UP");
        HttpResponse<Buffer> metrics = await(web.get(port, "127.0.0.1", "/metrics").send());
        assertThat(metrics.bodyAsString()).contains("# TYPE").contains("node=\"dev-test\"");
      }
      clusterId = await(web.get(masterPort, "127.0.0.1", "/health").send())
          .bodyAsJsonObject().getJsonObject("components").getJsonObject("master").getString("clusterId");
      assertThat(first.endpoints()).anyMatch(l -> l.contains("S3 API") && l.contains(":" + s3Port));
      MetaStore store = MetaStore.connect(client, new MongoOptions(), first.metaUri());
      await(store.client().insert("buckets", new JsonObject().put("_id", "kept").put("owner", "test")));
      await(store.close());
    } finally {
      await(first.stop());
    }

    NodeRuntime second = NodeRuntime.configure(devConfig());
    await(second.start());
    try {
      MetaStore store = MetaStore.connect(client, new MongoOptions(), second.metaUri());
      JsonObject bucket = await(store.client().findOne("buckets", new JsonObject().put("_id", "kept"), null));
      assertThat(bucket).isNotNull();
      assertThat(bucket.getString("owner")).isEqualTo("test");
      JsonObject health = await(WebClient.create(client).get(masterPort, "127.0.0.1", "/health").send()).bodyAsJsonObject();
      assertThat(health.getJsonObject("components").getJsonObject("master").getString("clusterId")).isEqualTo(clusterId);
      await(store.close());
    } finally {
      await(second.stop());
      await(client.close());
    }
  }

  @Test
  void aTypoInTheConfigFailsBeforeAnythingStarts() {
    Map<String, Object> config = devConfig();
    @SuppressWarnings("unchecked")
    Map<String, Object> s3 = (Map<String, Object>) config.get("s3");
    s3.put("regoin", "eu-west-1");
    assertThatThrownBy(() -> NodeRuntime.configure(config))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key 's3.regoin': unknown key (did you mean 'region'?)");

    Map<String, Object> unknownSection = devConfig();
    unknownSection.put("stroage", Map.of());
    assertThatThrownBy(() -> NodeRuntime.configure(unknownSection))
        .hasMessageContaining("'stroage': unknown key (did you mean 'storage'?)");
  }

  @Test
  void aMissingDiskNamesItsKey() {
    Map<String, Object> config = devConfig();
    @SuppressWarnings("unchecked")
    Map<String, Object> storage = (Map<String, Object>) config.get("storage");
    storage.put("disks", List.of(Map.of("path", data.resolve("disk-a.img").toString(), "size", "1GiB"),
        Map.of("path", "/dev/does-not-exist")));
    assertThatThrownBy(() -> NodeRuntime.configure(config))
        .hasMessageContaining("'storage.disks[1].path'").hasMessageContaining("does not exist");
  }

  @Test
  void shippedExampleConfigsParse() throws Exception {
    Path conf = Path.of("..", "conf");
    for (String f : List.of("dev.yaml", "master.yaml", "s3.yaml")) {
      assertThat(NodeRuntime.configure(YamlConfig.load(conf.resolve(f))).node().roles()).as(f).isNotEmpty();
    }
    // Storage examples name real devices (/dev/sdb...): here they must fail on the first one.
    for (Path f : List.of(conf.resolve("storage.yaml"), conf.resolve("example-9-node/node-4.yaml"))) {
      assertThatThrownBy(() -> NodeRuntime.configure(YamlConfig.load(f)))
          .as(f.toString()).hasMessageContaining("'storage.disks[0].path'");
    }
    try (var files = Files.list(conf.resolve("example-9-node"))) {
      assertThat(files.count()).isEqualTo(9);
    }
  }

  private Map<String, Object> devConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("node", new LinkedHashMap<>(Map.of("id", "dev-test", "dataDir", data.toString())));
    c.put("roles", List.of("master", "storage", "s3", "dashboard"));
    c.put("mongo", new LinkedHashMap<>(Map.of("uri", "embedded", "embeddedPort", mongoPort)));
    c.put("master", new LinkedHashMap<>(Map.of("port", masterPort)));
    List<Object> disks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      disks.add(Map.of("path", "disks/d" + i + ".img", "size", "256MiB"));
    }
    c.put("storage", new LinkedHashMap<>(Map.of("port", storagePort, "dataPort", storageDataPort, "disks", disks,
        "autoFormat", true)));
    c.put("s3", new LinkedHashMap<>(Map.of("port", s3Port)));
    c.put("dashboard", new LinkedHashMap<>(Map.of("port", dashboardPort)));
    return c;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
