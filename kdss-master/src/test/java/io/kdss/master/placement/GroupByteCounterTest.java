package io.kdss.master.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.config.MongoOptions;
import io.kdss.meta.EmbeddedMongo;
import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Batched group byte counts add up to every count given, on the real metadata store. */
class GroupByteCounterTest {

  @Test
  void countsGivenOneByOneAreWrittenSummedPerGroup() throws Exception {
    EmbeddedMongo mongo = EmbeddedMongo.start(null, 0);
    Vertx vertx = Vertx.vertx();
    try {
      MetaStore store = MetaStore.connect(vertx, new MongoOptions().setDatabase("gbc" + System.nanoTime()),
          mongo.connectionString());
      for (long id : new long[] {11, 12}) {
        await(store.client().insert(MetaCollections.EC_GROUPS, new JsonObject().put("_id", id).put("bytes", 5L)));
      }
      GroupByteCounter counter = new GroupByteCounter(vertx, new GroupStore(store));
      for (int i = 0; i < 100; i++) {
        counter.add(11, 4096);
        counter.add(12, i);
      }
      await(counter.flush());
      assertThat(bytes(store, 11)).isEqualTo(5 + 100 * 4096L);
      assertThat(bytes(store, 12)).isEqualTo(5 + 4950L);

      counter.add(11, 1);
      long deadline = System.currentTimeMillis() + 10_000;
      while (bytes(store, 11) != 5 + 100 * 4096L + 1 && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertThat(bytes(store, 11)).as("a count left alone is written by the timer").isEqualTo(5 + 100 * 4096L + 1);
      await(store.close());
    } finally {
      await(vertx.close());
      mongo.close();
    }
  }

  private static long bytes(MetaStore store, long id) throws Exception {
    return await(store.client().findOne(MetaCollections.EC_GROUPS, new JsonObject().put("_id", id), null)).getLong("bytes");
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
