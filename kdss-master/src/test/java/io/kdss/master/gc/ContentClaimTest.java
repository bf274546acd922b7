package io.kdss.master.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.config.MongoOptions;
import io.kdss.master.heartbeat.OrderOutbox;
import io.kdss.master.lease.Fence;
import io.kdss.master.placement.ClusterView;
import io.kdss.meta.EmbeddedMongo;
import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Content claims of the garbage queue over the real metadata store, with the namespace's
 * answers scripted at the exact moment a writer re-claims the same content.
 */
class ContentClaimTest {

  static final long CID = 77;
  static final long ENTRY = 5;

  EmbeddedMongo mongo;
  Vertx vertx;
  MetaStore store;
  GarbageQueue queue;

  @BeforeEach
  void start() throws Exception {
    mongo = EmbeddedMongo.start(null, 0);
    vertx = Vertx.vertx();
    store = MetaStore.connect(vertx, new MongoOptions().setDatabase("gc" + System.nanoTime()), mongo.connectionString());
    queue = new GarbageQueue(store, 0);
  }

  @AfterEach
  void stop() throws Exception {
    await(store.close());
    await(vertx.close());
    mongo.close();
  }

  /** A namespace whose entry moves on while the collector looks, and whose writer re-claims the content then. */
  final class Reclaiming implements ContentReaper {
    final ContentReaper.Liveness answer;
    final boolean fences;
    int reaped;

    Reclaiming(ContentReaper.Liveness answer, boolean fences) {
      this.answer = answer;
      this.fences = fences;
    }

    @Override
    public Future<Liveness> liveness(long cid, long entryId, long version) {
      return queue.contentDead(cid, entryId, version + 1).map(x -> answer);
    }

    @Override
    public Future<Boolean> fence(long entryId, long version) {
      return Future.succeededFuture(fences);
    }

    @Override
    public Future<Void> reap(long cid) {
      reaped++;
      return Future.succeededFuture();
    }
  }

  @Test
  void aClaimMadeWhileThePassLooksSurvivesIt() throws Exception {
    await(queue.contentDead(CID, ENTRY, 3));
    Reclaiming reaper = new Reclaiming(ContentReaper.Liveness.LIVE_MOVED_ON, true);
    pass(reaper);
    JsonObject claim = claim();
    assertThat(claim).as("the newer claim is still queued").isNotNull();
    assertThat(claim.getLong("v")).isEqualTo(4);
  }

  @Test
  void aFenceThatFailsKeepsTheClaim() throws Exception {
    await(queue.contentDead(CID, ENTRY, 3));
    await(store.client().updateCollection(MetaCollections.GARBAGE, new JsonObject().put("_id", "c" + CID),
        new JsonObject().put("$set", new JsonObject().put("tries", GarbageCollector.FENCE_AFTER_TRIES))));
    ContentReaper unfenceable = new ContentReaper() {
      @Override
      public Future<Liveness> liveness(long cid, long entryId, long version) {
        return Future.succeededFuture(Liveness.LIVE);
      }

      @Override
      public Future<Boolean> fence(long entryId, long version) {
        return Future.succeededFuture(false);
      }

      @Override
      public Future<Void> reap(long cid) {
        return Future.succeededFuture();
      }
    };
    pass(unfenceable);
    assertThat(claim()).as("the entry moved on by itself: the next pass must look again").isNotNull();
  }

  private void pass(ContentReaper reaper) throws Exception {
    GarbageCollector gc = new GarbageCollector(store, queue, reaper, new OrderOutbox(), 1000, new SimpleMeterRegistry());
    await(gc.run(ClusterView.EMPTY, new Fence(1)));
  }

  private JsonObject claim() throws Exception {
    return await(store.client().findOne(MetaCollections.GARBAGE, new JsonObject().put("_id", "c" + CID), null));
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
