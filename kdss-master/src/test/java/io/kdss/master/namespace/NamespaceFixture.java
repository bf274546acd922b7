package io.kdss.master.namespace;

import io.kdss.config.MongoOptions;
import io.kdss.master.MasterOptions;
import io.kdss.master.gc.GarbageQueue;
import io.kdss.meta.EmbeddedMongo;
import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.kdss.proto.CreateRequest;
import io.kdss.proto.EcScheme;
import io.kdss.proto.Stripe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One master's namespace over the embedded metadata store, driven step by step from a test
 * (every call runs on one event loop, as in the master). For races that need an exact
 * interleaving of the steps of two operations.
 */
final class NamespaceFixture implements AutoCloseable {

  final EmbeddedMongo mongo = EmbeddedMongo.start(null, 0);
  final Vertx vertx = Vertx.vertx();
  final Context context = vertx.getOrCreateContext();
  final MetaStore store;
  final GarbageQueue garbage;
  final Namespace ns;

  NamespaceFixture() throws Exception {
    store = MetaStore.connect(vertx, new MongoOptions().setDatabase("ns" + System.nanoTime()), mongo.connectionString());
    garbage = new GarbageQueue(store, 0);
    ns = new Namespace(vertx, store, new MasterOptions(), garbage, (k, m) -> { }, (g, b) -> { },
        new SimpleMeterRegistry());
    on(() -> ns.init(store));
  }

  /** Runs {@code call} on the namespace's event loop and waits for it. */
  <T> T on(Supplier<Future<T>> call) throws Exception {
    return await(start(call));
  }

  /** Starts {@code call} on the namespace's event loop. */
  <T> Future<T> start(Supplier<Future<T>> call) {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> {
      try {
        call.get().onComplete(p);
      } catch (RuntimeException e) {
        p.fail(e);
      }
    });
    return p.future();
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  long file(String name) throws Exception {
    return on(() -> ns.tree().create(CreateRequest.newBuilder().setParentId(Entries.ROOT).setName(name).build()))
        .getLong("_id");
  }

  static Stripe stripe(long id, long offset, long length) {
    return Stripe.newBuilder().setStripeId(id).setGroupId(1).setOffset(offset).setLength(length).setShardLength(4096)
        .setScheme(EcScheme.newBuilder().setK(4).setM(2)).build();
  }

  /** Records stripes of the file's current content as AppendStripes does. */
  JsonObject append(long entryId, Stripe... stripes) throws Exception {
    return await(appendAsync(entryId, stripes));
  }

  Future<JsonObject> appendAsync(long entryId, Stripe... stripes) {
    return start(() -> ns.endpoint().appendStripes(io.kdss.proto.AppendStripesRequest.newBuilder().setId(entryId)
        .addAllStripes(List.of(stripes)).build()).map(e -> new JsonObject().put("_id", e.getId()).put("size", e.getSize())));
  }

  /** Sets the file's size as SetAttr does (a truncate). */
  Future<JsonObject> truncateAsync(long entryId, long size) {
    return start(() -> ns.setAttr(io.kdss.proto.SetAttrRequest.newBuilder().setId(entryId).setSize(size).build()));
  }

  /** What a reader sees: size and runs as [offset, length, stripe] triples. */
  Read read(long entryId) throws Exception {
    JsonObject r = on(() -> ns.writes().read(entryId, 0, 0, 0));
    List<long[]> runs = new ArrayList<>();
    r.getJsonArray("x", new JsonArray()).forEach(o -> {
      JsonObject x = (JsonObject) o;
      runs.add(new long[] {x.getLong("o"), x.getLong("l"), x.getLong("s")});
    });
    return new Read(r.getLong("size"), runs);
  }

  record Read(long size, List<long[]> runs) {
    /** The stripe that holds byte {@code at}, 0 for a hole. */
    long stripeAt(long at) {
      for (long[] r : runs) {
        if (at >= r[0] && at < r[0] + r[1]) {
          return r[2];
        }
      }
      return 0;
    }

    long covered() {
      return runs.stream().mapToLong(r -> r[1]).sum();
    }
  }

  /** Content ids queued as dead so far. */
  List<Long> queuedContents() throws Exception {
    List<JsonObject> docs = on(() -> store.client().find(MetaCollections.GARBAGE, new JsonObject().put("kind", "content")));
    return docs.stream().map(d -> d.getLong("cid")).toList();
  }

  /** Stripe ids queued for deletion so far. */
  List<Long> queuedStripes() throws Exception {
    List<JsonObject> docs = on(() -> store.client().find(MetaCollections.GARBAGE, new JsonObject().put("kind", "stripes")));
    List<Long> out = new ArrayList<>();
    docs.forEach(d -> d.getJsonArray("stripes").forEach(s -> out.add(((JsonObject) s).getLong("s"))));
    return out;
  }

  @Override
  public void close() throws Exception {
    await(store.close());
    await(vertx.close());
    mongo.close();
  }
}
