package io.kdss.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.config.MongoOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
