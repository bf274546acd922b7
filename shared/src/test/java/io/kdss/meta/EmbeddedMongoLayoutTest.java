package io.kdss.meta;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.kdss.config.MongoOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's typed layout (value-ordered index keys, BSON documents) through the real
 * vertx-mongo-client: unique indexes behave as MongoDB's, everything survives a restart, and files
 * of the earlier layout (plain mongo-java-server H2Backend) are migrated once, the old file kept.
 */
class EmbeddedMongoLayoutTest {

  private static final String DB = "kdss";
  private static final long BIG = 1L << 53;

  @TempDir
  Path dir;
  private Vertx vertx;

  @BeforeEach
  void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void uniqueIndexesRefuseDuplicatesAsMongoDbDoesAcrossARestart() throws Exception {
    try (Session s = new Session(EmbeddedMongo.start(dir, 0))) {
      await(s.client.createIndexWithOptions("c", new JsonObject().put("a", 1), new IndexOptions().unique(true)));
      await(s.client.createIndexWithOptions("c", new JsonObject().put("b", 1).put("n", 1), new IndexOptions().unique(true)));
      await(s.client.insert("c", new JsonObject().put("_id", 1).put("a", 1).put("b", "x").put("n", 1)));
      assertDuplicate(s.client, new JsonObject().put("_id", 1L));
      assertDuplicate(s.client, new JsonObject().put("_id", 1.0));
      assertDuplicate(s.client, new JsonObject().put("_id", 2).put("a", 1L));
      assertDuplicate(s.client, new JsonObject().put("_id", 2).put("a", 1.0));
      assertDuplicate(s.client, new JsonObject().put("_id", 2).put("a", 5).put("b", "x").put("n", 1.0));
      await(s.client.insert("c", new JsonObject().put("_id", 2L).put("a", 2.5).put("b", "x").put("n", 2)));
      await(s.client.insert("c", new JsonObject().put("_id", "three").put("a", BIG).put("b", "y").put("n", 1)));
      await(s.client.insert("c", new JsonObject().put("_id", 4.5).put("a", BIG + 1).put("b", "y").put("n", 2L)));
      assertDuplicate(s.client, new JsonObject().put("_id", 9).put("a", BIG + 1));
    }
    try (Session s = new Session(EmbeddedMongo.start(dir, 0))) {
      assertThat(await(s.client.count("c", new JsonObject()))).isEqualTo(4L);
      assertThat(await(s.client.findOne("c", new JsonObject().put("_id", 2), null)).getDouble("a")).isEqualTo(2.5);
      assertThat(await(s.client.findOne("c", new JsonObject().put("_id", 1L), null)).getValue("a")).isEqualTo(1);
      assertThat(await(s.client.findOne("c", new JsonObject().put("_id", "three"), null)).getLong("a")).isEqualTo(BIG);
      assertThat(await(s.client.findOne("c", new JsonObject().put("_id", 4.5), null)).getLong("a")).isEqualTo(BIG + 1);
      assertThat(await(s.client.find("c", new JsonObject().put("b", "y").put("n", 2))))
          .singleElement().satisfies(d -> assertThat(d.getValue("_id")).isEqualTo(4.5));
      assertThat(await(s.client.find("c", new JsonObject().put("a", BIG + 1)))).hasSize(1);
      assertDuplicate(s.client, new JsonObject().put("_id", 2.0));
      assertDuplicate(s.client, new JsonObject().put("_id", 7).put("b", "x").put("n", 2L));
      await(s.client.removeDocument("c", new JsonObject().put("_id", 1)));
      await(s.client.insert("c", new JsonObject().put("_id", 1.0).put("a", 1L).put("b", "x").put("n", 1)));
      assertThat(await(s.client.findOne("c", new JsonObject().put("a", 1), null)).getValue("_id")).isEqualTo(1.0);
    }
    assertThat(dir.resolve("kdss-meta.mv.v1")).as("a store created in the new layout is never migrated").doesNotExist();
  }

  @Test
  void everyBsonValueTypeSurvivesARestart() throws Exception {
    JsonObject doc = new JsonObject().put("_id", "all")
        .put("int", 42).put("long", 1L << 40).put("double", -0.5).put("string", "héllo ✓").put("true", true)
        .put("false", false).putNull("null").put("nested", new JsonObject().put("x", 1).put("y", new JsonObject().put("z", "deep")))
        .put("list", new JsonArray().add(1).add("two").add(new JsonObject().put("three", 3.0)).add(new JsonArray().add(4L)))
        .put("oid", new JsonObject().put("$oid", "5f1d7a0e2b3c4d5e6f708192"))
        .put("date", new JsonObject().put("$date", "2024-02-29T12:34:56.789Z"))
        .put("binary", new JsonObject().put("$binary", "AAECAwQF"))
        .put("decimal", new JsonObject().put("$numberDecimal", "1234567890.0987654321"))
        .put("emptyList", new JsonArray()).put("emptyDoc", new JsonObject());
    JsonObject before;
    try (Session s = new Session(EmbeddedMongo.start(dir, 0))) {
      await(s.client.insert("types", doc));
      await(s.client.createIndexWithOptions("types", new JsonObject().put("oid", 1), new IndexOptions().unique(true)));
      before = await(s.client.findOne("types", new JsonObject().put("_id", "all"), null));
    }
    try (Session s = new Session(EmbeddedMongo.start(dir, 0))) {
      JsonObject after = await(s.client.findOne("types", new JsonObject().put("_id", "all"), null));
      assertThat(after).isEqualTo(before);
      assertThat(after.getValue("int")).isEqualTo(42);
      assertThat(after.getValue("long")).isEqualTo(1L << 40);
      assertThat(after.getValue("double")).isEqualTo(-0.5);
      assertThat(after.getString("string")).isEqualTo("héllo ✓");
      assertThat(after.getBoolean("true")).isTrue();
      assertThat(after.getBoolean("false")).isFalse();
      assertThat(after.containsKey("null") && after.getValue("null") == null).isTrue();
      assertThat(after.getJsonObject("nested")).isEqualTo(doc.getJsonObject("nested"));
      assertThat(after.getJsonArray("list")).isEqualTo(doc.getJsonArray("list"));
      assertThat(after.getJsonObject("oid").getString("$oid")).isEqualTo("5f1d7a0e2b3c4d5e6f708192");
      assertThat(after.getJsonObject("date").getString("$date")).startsWith("2024-02-29T12:34:56.789");
      assertThat(after.getValue("decimal").toString()).contains("1234567890.0987654321");
      assertThat(after.getValue("binary").toString()).isNotBlank();
      assertThat(after.getJsonArray("emptyList")).isEmpty();
      assertThat(after.getJsonObject("emptyDoc")).isEmpty();
      assertDuplicate(s.client, "types", new JsonObject().put("_id", "other").put("oid", new JsonObject().put("$oid", "5f1d7a0e2b3c4d5e6f708192")));
    }
  }

  @Test
  void aStoreOfTheEarlierLayoutIsMigratedOnceAndKept() throws Exception {
    writeEarlierLayout(300);
    long legacySize = Files.size(dir.resolve("kdss-meta.mv"));
    try (Session s = new Session(EmbeddedMongo.start(dir, 0))) {
      assertEarlierDocumentsThere(s.client, 300);
      await(s.client.insert("entries", new JsonObject().put("_id", 10_000L).put("parentId", 1L).put("name", "new")));
    }
    Path backup = dir.resolve("kdss-meta.mv.v1");
    assertThat(backup).exists();
    assertThat(Files.size(backup)).isEqualTo(legacySize);
    try (Session s = new Session(EmbeddedMongo.start(dir, 0))) {
      assertEarlierDocumentsThere(s.client, 301);
    }
    assertThat(dir.resolve("kdss-meta.mv.v1.2")).as("migrated only once").doesNotExist();
    // The kept file is the untouched earlier store: an operator going back opens it as before.
    Files.move(backup, dir.resolve("old.mv"));
    H2Backend old = new H2Backend(dir.resolve("old.mv").toString());
    MongoServer server = new MongoServer(old);
    server.bind("127.0.0.1", 0);
    try (Session s = new Session("mongodb://127.0.0.1:" + server.getLocalAddress().getPort(), () -> {
      server.shutdownNow();
      old.close();
    })) {
      assertEarlierDocumentsThere(s.client, 300);
    }
  }

  @Test
  void anInterruptedMigrationIsRedoneFromTheUntouchedFile() throws Exception {
    writeEarlierLayout(120);
    Path file = dir.resolve("kdss-meta.mv");
    byte[] legacy = Files.readAllBytes(file);
    // A crash after the copy was half written and the backup link made, before the swap.
    Files.write(dir.resolve("kdss-meta.mv.migrating"), java.util.Arrays.copyOf(legacy, legacy.length / 2));
    Files.createLink(dir.resolve("kdss-meta.mv.v1"), file);
    try (Session s = new Session(EmbeddedMongo.start(dir, 0))) {
      assertEarlierDocumentsThere(s.client, 120);
    }
    assertThat(dir.resolve("kdss-meta.mv.migrating")).doesNotExist();
    assertThat(Files.readAllBytes(dir.resolve("kdss-meta.mv.v1"))).isEqualTo(legacy);
    assertThat(dir.resolve("kdss-meta.mv.v1.2")).doesNotExist();
  }

  /** A store written by plain mongo-java-server (every map on H2's ObjectDataType), as KDSS wrote before. */
  private void writeEarlierLayout(int entries) throws Exception {
    H2Backend backend = new H2Backend(dir.resolve("kdss-meta.mv").toString());
    MongoServer server = new MongoServer(backend);
    server.bind("127.0.0.1", 0);
    try (Session s = new Session("mongodb://127.0.0.1:" + server.getLocalAddress().getPort(), () -> {
      server.shutdownNow();
      backend.close();
    })) {
      await(s.client.createIndexWithOptions("entries", new JsonObject().put("parentId", 1).put("name", 1),
          new IndexOptions().unique(true)));
      await(s.client.createIndexWithOptions("entries", new JsonObject().put("inode", 1), new IndexOptions().unique(true)));
      for (int i = 0; i < entries; i++) {
        Object id = i % 3 == 0 ? (Object) (long) i : i % 3 == 1 ? (Object) ("s" + i) : (Object) (double) i;
        await(s.client.insert("entries", new JsonObject().put("_id", id).put("parentId", (long) (i % 7))
            .put("name", "n" + i).put("inode", i).put("tags", new JsonArray().add("t").add(i))));
      }
    }
  }

  private static void assertEarlierDocumentsThere(MongoClient client, int count) throws Exception {
    assertThat(await(client.count("entries", new JsonObject()))).isEqualTo((long) count);
    for (int i = 0; i < 300 && i < count; i += 1) {
      Object id = i % 3 == 0 ? (Object) (long) i : i % 3 == 1 ? (Object) ("s" + i) : (Object) (double) i;
      JsonObject byId = await(client.findOne("entries", new JsonObject().put("_id", id), null));
      assertThat(byId).as("document %s", id).isNotNull();
      assertThat(byId.getString("name")).isEqualTo("n" + i);
      if (i % 10 == 0) {
        assertThat(await(client.find("entries", new JsonObject().put("parentId", (long) (i % 7)).put("name", "n" + i))))
            .singleElement().satisfies(d -> assertThat(d.getValue("_id")).isEqualTo(id));
      }
    }
    assertDuplicate(client, "entries", new JsonObject().put("_id", 99_999L).put("parentId", 3L).put("name", "n3").put("inode", -1));
    assertDuplicate(client, "entries", new JsonObject().put("_id", 99_998L).put("parentId", 0L).put("name", "z").put("inode", 21.0));
    assertDuplicate(client, "entries", new JsonObject().put("_id", 3.0).put("parentId", 0L).put("name", "y").put("inode", -2));
  }

  private static void assertDuplicate(MongoClient client, JsonObject doc) throws Exception {
    assertDuplicate(client, "c", doc);
  }

  private static void assertDuplicate(MongoClient client, String collection, JsonObject doc) throws Exception {
    Future<String> insert = client.insert(collection, doc);
    try {
      insert.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException expected) {
      assertThat(MetaStore.isDuplicateKey(expected.getCause())).as(String.valueOf(expected.getCause())).isTrue();
      assertThat(String.valueOf(expected.getCause())).contains("E11000");
      return;
    }
    throw new AssertionError("insert of " + doc + " into " + collection + " must fail with E11000");
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A client on one server; closing it closes both. */
  private final class Session implements AutoCloseable {
    final MongoClient client;
    private final Runnable stop;

    Session(EmbeddedMongo mongo) {
      this(mongo.connectionString(), mongo::close);
    }

    Session(String uri, Runnable stop) {
      this.client = MongoClient.create(vertx, new JsonObject().put("connection_string", uri).put("db_name", DB));
      this.stop = stop;
    }

    @Override
    public void close() throws Exception {
      await(client.close());
      stop.run();
    }
  }
}
