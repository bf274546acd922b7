package io.kdss.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.config.MongoOptions;
import io.kdss.master.gc.GarbageQueue;
import io.kdss.meta.EmbeddedMongo;
import io.kdss.meta.MetaStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chunk updates that start from a copy of the chunk the caller already holds (what a write's
 * takeWrite returned): a fresh copy saves the read, a stale one is caught by the version
 * compare-and-set and retried on the stored chunk, so no extent recorded meanwhile is lost.
 */
class ChunkStoreTest {

  private Vertx vertx;
  private EmbeddedMongo mongo;
  private MetaStore store;
  private ChunkStore chunks;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    mongo = EmbeddedMongo.start(null, 0);
    store = MetaStore.connect(vertx, new MongoOptions().setUri(mongo.connectionString()).setDatabase("chunks"),
        mongo.connectionString());
    await(store.ensureSchema());
    chunks = new ChunkStore(store, new GarbageQueue(store, 60_000));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
    mongo.close();
  }

  @Test
  void aFreshCopyOfChunkZeroIsUpdatedInPlace() throws Exception {
    JsonObject header = await(chunks.takeWrite(7, 70, 100));
    assertThat(header.getLong("w")).isZero();
    await(chunks.update(7, 70, 0, header, t -> add(t, ext(0, 100, 1))));
    JsonObject chunk0 = await(chunks.load(7, 0, 0)).getFirst();
    assertThat(stripes(chunk0)).containsExactly(1L);
    assertThat(chunk0.getLong("cv")).isEqualTo(1L);
    assertThat(chunk0.getLong("w")).as("the header fields stay").isEqualTo(1L);
    assertThat(chunk0.getLong("hwm")).isEqualTo(100L);
  }

  @Test
  void aStaleCopyLosesNothingRecordedMeanwhile() throws Exception {
    JsonObject stale = await(chunks.takeWrite(8, 80, 200));
    await(chunks.update(8, 80, 0, t -> add(t, ext(0, 100, 1))));
    await(chunks.update(8, 80, 0, stale, t -> add(t, ext(100, 100, 2))));
    JsonObject chunk0 = await(chunks.load(8, 0, 0)).getFirst();
    assertThat(stripes(chunk0)).containsExactly(1L, 2L);
    assertThat(chunk0.getLong("cv")).isEqualTo(2L);

    JsonObject later = await(chunks.takeWrite(8, 80, 300));
    await(chunks.update(8, 80, 0, t -> add(t, ext(200, 100, 3))));
    await(chunks.update(8, 80, 0, later, t -> new StripeMap.Trimmed(StripeMap.trim(t.kept(), 0, 100, 9).kept(),
        List.of())));
    assertThat(stripes(await(chunks.load(8, 0, 0)).getFirst())).containsExactly(2L, 3L);
  }

  private static StripeMap.Trimmed add(StripeMap.Trimmed t, Extent e) {
    List<Extent> all = new ArrayList<>(t.kept());
    all.add(e);
    return new StripeMap.Trimmed(all, List.of());
  }

  private static Extent ext(long offset, long length, long stripe) {
    return new Extent(offset, length, stripe, 1, 0, length, 4096, 4, 2, List.of(), 1);
  }

  private static List<Long> stripes(JsonObject chunk) {
    List<Long> out = new ArrayList<>();
    chunk.getJsonArray("x", new JsonArray()).forEach(x -> out.add(Extent.fromJson((JsonObject) x).stripeId()));
    return out;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
