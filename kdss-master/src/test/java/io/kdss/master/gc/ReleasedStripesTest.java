package io.kdss.master.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.config.MongoOptions;
import io.kdss.master.heartbeat.OrderOutbox;
import io.kdss.master.lease.Fence;
import io.kdss.master.placement.ClusterView;
import io.kdss.meta.EmbeddedMongo;
import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.kdss.proto.GroupState;
import io.kdss.proto.Health;
import io.kdss.proto.NodeState;
import io.kdss.proto.Order;
import io.kdss.proto.OrderResult;
import io.kdss.proto.VolumeState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The released-stripe markers over the real embedded metadata store: written with the queue,
 * found by id, removed only once the collector has the stripes' deletion confirmed, and
 * backfilled for documents queued without them.
 */
class ReleasedStripesTest {

  static final long GROUP = 1;

  EmbeddedMongo mongo;
  Vertx vertx;
  MetaStore store;
  GarbageQueue queue;

  @BeforeEach
  void start() throws Exception {
    mongo = EmbeddedMongo.start(null, 0);
    vertx = Vertx.vertx();
    store = MetaStore.connect(vertx, new MongoOptions().setDatabase("rel" + System.nanoTime()), mongo.connectionString());
    queue = new GarbageQueue(store, 0);
  }

  @AfterEach
  void stop() throws Exception {
    await(store.close());
    await(vertx.close());
    mongo.close();
  }

  @Test
  void queuedStripesAreMarkedAndARepeatedQueueIsANoOp() throws Exception {
    await(queue.stripes("t1", stripes(11, 12), 0));
    assertThat(markers()).containsEntry(11L, "t1").containsEntry(12L, "t1").hasSize(2);
    assertThat(await(queue.firstQueued(List.of(99L, 12L)))).isEqualTo(12L);
    assertThat(await(queue.firstQueued(List.of(99L, 100L)))).as("stripes never queued").isNull();

    await(queue.stripes("t1", stripes(11, 12), 0));
    assertThat(markers()).hasSize(2);
    assertThat(await(store.client().count(MetaCollections.GARBAGE, new JsonObject()))).isEqualTo(1);
    JsonObject doc = await(store.client().findOne(MetaCollections.GARBAGE, new JsonObject().put("_id", "t1"), null));
    assertThat(doc.getBoolean(ReleasedStripes.MARKED)).isTrue();
  }

  @Test
  void markersStayUntilEveryDiskConfirmedTheDeletion() throws Exception {
    ClusterView view = view(3);
    OrderOutbox outbox = new OrderOutbox();
    GarbageCollector gc = new GarbageCollector(store, queue, new NoContents(), outbox, 60_000, new SimpleMeterRegistry());
    await(queue.stripes("t1", stripes(21, 22), 0));
    await(queue.stripes("t2", stripes(23), 0));
    await(gc.run(view, new Fence(1)));
    List<Order> orders = outbox.drain("n1");
    assertThat(orders).hasSize(6);
    List<Order> ofT1 = orders.stream().filter(o -> o.getDeleteShards().getShards(0).getStripeId() == 21).toList();
    assertThat(ofT1).hasSize(3);

    outbox.complete(ok(ofT1.get(0)));
    outbox.complete(ok(ofT1.get(1)));
    eventually("two disks pulled", () -> pending("t1") == 1);
    assertThat(markers()).as("a disk still holds shards: still refused").containsKeys(21L, 22L, 23L);
    assertThat(await(queue.firstQueued(List.of(22L)))).isEqualTo(22L);

    outbox.complete(ok(ofT1.get(2)));
    eventually("t1's markers removed", () -> !markers().containsKey(21L));
    assertThat(await(store.client().findOne(MetaCollections.GARBAGE, new JsonObject().put("_id", "t1"), null))).isNull();
    assertThat(markers()).as("only the other document's markers are left").containsOnlyKeys(23L);
    assertThat(await(queue.firstQueued(List.of(21L, 22L)))).isNull();
  }

  @Test
  void documentsQueuedWithoutMarkersAreBackfilledByTheLeader() throws Exception {
    int docs = ReleasedStripes.BACKFILL_PAGE * 2 + 7;
    queueWithoutMarkers(docs, 1000);
    await(queue.stripes("new", stripes(5), Long.MAX_VALUE));
    assertThat(markers()).as("an older version wrote no marker").doesNotContainKey(1500L);
    assertThat(await(queue.firstQueued(List.of(1500L)))).as("found in the queue itself until all are marked").isEqualTo(1500L);

    GarbageCollector gc = new GarbageCollector(store, queue, new NoContents(), new OrderOutbox(), 60_000,
        new SimpleMeterRegistry());
    await(gc.run(ClusterView.EMPTY, new Fence(1)));
    Map<Long, String> markers = markers();
    assertThat(markers).hasSize(2 * docs + 1).containsEntry(1500L, "old250").containsEntry(5L, "new");
    assertThat(await(queue.firstQueued(List.of(7L, 1500L)))).isEqualTo(1500L);
    assertThat(await(store.client().count(MetaCollections.GARBAGE,
        new JsonObject().put(ReleasedStripes.MARKED, true)))).isEqualTo(docs + 1);
    assertThat(await(queue.released().allMarked())).as("the pass that marked them does not vouch for later ones").isFalse();
    assertThat(await(queue.released().backfill())).as("nothing left to mark").isZero();
    assertThat(await(queue.released().allMarked())).as("a pass that found nothing to mark").isTrue();
    assertThat(await(new GarbageQueue(store, 0).released().allMarked())).as("persisted for every master").isTrue();
  }

  @Test
  void theCheckFindsTheQueuedStripeAmongThousandsOfDocuments() throws Exception {
    queueWithoutMarkers(3000, 10_000);
    await(queue.released().backfill());
    List<Future<Void>> queued = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      queued.add(queue.stripes("t" + i, stripes(50_000 + 2L * i, 50_001 + 2L * i), Long.MAX_VALUE));
    }
    await(Future.all(queued));
    assertThat(await(store.client().count(MetaCollections.GARBAGE, new JsonObject()))).isEqualTo(3020);

    assertThat(await(queue.firstQueued(List.of(5L, 6L, 10_000L + 2 * 2999 + 1)))).isEqualTo(10_000L + 2 * 2999 + 1);
    assertThat(await(queue.firstQueued(List.of(10_000L + 2 * 1500)))).isEqualTo(10_000L + 2 * 1500);
    assertThat(await(queue.firstQueued(List.of(9L, 50_039L)))).isEqualTo(50_039L);
    assertThat(await(queue.firstQueued(List.of(9_999L, 10_000L + 2 * 3000, 50_040L, 1L << 40)))).isNull();
  }

  /** Stripe documents as a version without markers queued them: {@code count} of two stripes each from {@code first}. */
  private void queueWithoutMarkers(int count, long first) throws Exception {
    List<BulkOperation> old = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      old.add(BulkOperation.createInsert(new JsonObject().put("_id", "old" + i).put("kind", "stripes")
          .put("stripes", stripes(first + 2L * i, first + 1 + 2L * i)).put("due", Long.MAX_VALUE)));
    }
    await(store.client().bulkWrite(MetaCollections.GARBAGE, old));
  }

  private static JsonArray stripes(long... ids) {
    JsonArray out = new JsonArray();
    for (long s : ids) {
      out.add(new JsonObject().put("s", s).put("g", GROUP).put("n", 3));
    }
    return out;
  }

  /** One UP node "n1" with {@code width} disks holding group 1. */
  private static ClusterView view(int width) {
    long now = System.currentTimeMillis();
    Map<String, ClusterView.Disk> disks = new java.util.LinkedHashMap<>();
    List<ClusterView.Member> members = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      disks.put("d" + i, new ClusterView.Disk("d" + i, "n1", "/d" + i, 1L << 30, 0, 0, 1L << 30, Health.HEALTH_OK,
          VolumeState.VOLUME_ACTIVE, 0, now));
      members.add(new ClusterView.Member("d" + i, "n1"));
    }
    ClusterView.Node node = new ClusterView.Node("n1", "127.0.0.1:1", "r1", NodeState.NODE_UP, now, List.of("storage"));
    return new ClusterView(now, Map.of("n1", node), disks,
        List.of(new ClusterView.Group(GROUP, width - 1, 1, GroupState.GROUP_SEALED, true, members, 0, now)));
  }

  private static OrderResult ok(Order o) {
    return OrderResult.newBuilder().setOrderId(o.getOrderId()).setOk(true).build();
  }

  private int pending(String id) {
    JsonObject d = join(store.client().findOne(MetaCollections.GARBAGE, new JsonObject().put("_id", id), null));
    return d == null ? 0 : d.getJsonArray("pending", new JsonArray()).size();
  }

  private Map<Long, String> markers() {
    Map<Long, String> out = new java.util.HashMap<>();
    join(store.client().find(MetaCollections.RELEASED, new JsonObject()))
        .forEach(d -> out.put(d.getLong("_id"), d.getString("g")));
    return out;
  }

  private static void eventually(String what, BooleanSupplier condition) throws Exception {
    long end = System.currentTimeMillis() + 10_000;
    while (!condition.getAsBoolean()) {
      assertThat(System.currentTimeMillis()).as(what).isLessThan(end);
      Thread.sleep(20);
    }
  }

  /** A namespace without content claims (this queue holds stripe documents only). */
  private static final class NoContents implements ContentReaper {
    @Override
    public Future<Liveness> liveness(long cid, long entryId, long version) {
      return Future.failedFuture(new AssertionError("no content claim expected"));
    }

    @Override
    public Future<Boolean> fence(long entryId, long version) {
      return Future.failedFuture(new AssertionError("no content claim expected"));
    }

    @Override
    public Future<Void> reap(long cid) {
      return Future.failedFuture(new AssertionError("no content claim expected"));
    }
  }

  private static <T> T join(Future<T> f) {
    try {
      return await(f);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
