package io.kdss.meta;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.kdss.config.MongoOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store keeps acknowledged writes in its file across a stop and a restart. */
class EmbeddedMongoPersistenceTest {

  @TempDir
  Path dir;

  @Test
  void documentsSurviveARestart() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      EmbeddedMongo first = EmbeddedMongo.start(dir, 0);
      MetaStore store = MetaStore.connect(vertx, new MongoOptions(), first.connectionString());
      String clusterId = await(store.ensureSchema());
      await(store.client().insert(MetaCollections.BUCKETS, new JsonObject().put("_id", "photos").put("owner", "ana")));
      long id = await(store.nextId("entries"));
      await(store.close());
      first.close();

      EmbeddedMongo second = EmbeddedMongo.start(dir, 0);
      MetaStore again = MetaStore.connect(vertx, new MongoOptions(), second.connectionString());
      assertThat(await(again.ensureSchema())).isEqualTo(clusterId);
      JsonObject bucket = await(again.client().findOne(MetaCollections.BUCKETS, new JsonObject().put("_id", "photos"), null));
      assertThat(bucket).isNotNull();
      assertThat(bucket.getString("owner")).isEqualTo("ana");
      assertThat(await(again.nextId("entries"))).isEqualTo(id + 1);
      await(again.close());
      second.close();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** Files written by earlier versions (LZF-compressed pages, 48 keys per page) open and take writes. */
  @Test
  void aStoreWrittenWithCompressedPagesStillOpens() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      MVStore compressed = new MVStore.Builder().fileName(dir.resolve("kdss-meta.mv").toString()).compress().open();
      MongoServer old = new MongoServer(new H2Backend(compressed));
      old.bind("127.0.0.1", 0);
      MetaStore store = MetaStore.connect(vertx, new MongoOptions(), "mongodb://127.0.0.1:" + old.getLocalAddress().getPort());
      for (int i = 0; i < 200; i++) {
        await(store.client().insert(MetaCollections.BUCKETS, new JsonObject().put("_id", "b" + i).put("owner", "ana" + i)));
      }
      await(store.close());
      old.shutdownNow();
      compressed.close();

      EmbeddedMongo reopened = EmbeddedMongo.start(dir, 0);
      MetaStore again = MetaStore.connect(vertx, new MongoOptions(), reopened.connectionString());
      assertThat(await(again.client().count(MetaCollections.BUCKETS, new JsonObject()))).isEqualTo(200L);
      assertThat(await(again.client().findOne(MetaCollections.BUCKETS, new JsonObject().put("_id", "b137"), null))
          .getString("owner")).isEqualTo("ana137");
      await(again.client().insert(MetaCollections.BUCKETS, new JsonObject().put("_id", "new").put("owner", "bo")));
      await(again.close());
      reopened.close();

      EmbeddedMongo third = EmbeddedMongo.start(dir, 0);
      MetaStore last = MetaStore.connect(vertx, new MongoOptions(), third.connectionString());
      assertThat(await(last.client().count(MetaCollections.BUCKETS, new JsonObject()))).isEqualTo(201L);
      assertThat(await(last.client().findOne(MetaCollections.BUCKETS, new JsonObject().put("_id", "b5"), null))
          .getString("owner")).isEqualTo("ana5");
      await(last.close());
      third.close();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
