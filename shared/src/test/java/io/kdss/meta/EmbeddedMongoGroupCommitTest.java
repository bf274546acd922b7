package io.kdss.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.config.MongoOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes acknowledged under concurrency (commits shared between writers) are in the store's
 * file before any close: a copy of the file taken while the server still runs, as a crash
 * would leave it, holds every one of them.
 */
class EmbeddedMongoGroupCommitTest {

  @TempDir
  Path dir;

  @Test
  void everyAcknowledgedConcurrentWriteIsInTheFileWithoutAClose() throws Exception {
    Vertx vertx = Vertx.vertx();
    EmbeddedMongo live = EmbeddedMongo.start(dir.resolve("live"), 0);
    try {
      MetaStore store = MetaStore.connect(vertx, new MongoOptions(), live.connectionString());
      await(store.ensureSchema());
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        writes.add(store.client().insert(MetaCollections.BUCKETS, new JsonObject().put("_id", "b" + i).put("n", i)));
      }
      await(Future.all(writes));
      Path copy = Files.createDirectories(dir.resolve("crashed"));
      Files.copy(dir.resolve("live/kdss-meta.mv"), copy.resolve("kdss-meta.mv"));

      EmbeddedMongo reopened = EmbeddedMongo.start(copy, 0);
      try {
        MetaStore again = MetaStore.connect(vertx, new MongoOptions(), reopened.connectionString());
        assertThat(await(again.client().count(MetaCollections.BUCKETS, new JsonObject()))).isEqualTo(400L);
        await(again.close());
      } finally {
        reopened.close();
      }
      await(store.close());
    } finally {
      live.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
