package io.kdss.master.gc;

import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code released} collection: one marker per stripe of the garbage queue,
 * <pre>
 * {_id: stripeId, g: id of the garbage document that queued it}
 * </pre>
 * so that "is one of these stripes queued for deletion?", asked by every recording of stripes,
 * is an {@code _id $in} lookup on every metadata store. The embedded store uses only unique
 * indexes, and only for exact matches: the same question asked of {@code garbage} by
 * {@code stripes.s} scans the whole queue there.
 *
 * <p>A marker is written before its garbage document and removed after it: a crash in between
 * leaves a marker that only refuses a stripe already dead (stripe ids are never reused).
 */
final class ReleasedStripes {

  /** Set on a stripe document of {@code garbage} once its stripes are marked. */
  static final String MARKED = "marked";
  /** Garbage documents marked per round trip pair by {@link #backfill}. */
  static final int BACKFILL_PAGE = 500;
  private static final int PAGES_PER_PROGRESS = 10;
  private static final Logger LOG = LoggerFactory.getLogger(ReleasedStripes.class);

  /**
   * The document of {@code schema} saying that no garbage queued without markers is left:
   * until it exists, the check also asks {@code garbage} itself.
   */
  static final String ALL_MARKED = "released-all-marked";

  private final MetaStore store;
  private final MongoClient mongo;
  /** Once true, for good: ALL_MARKED was seen. */
  private volatile boolean allMarked;

  ReleasedStripes(MetaStore store) {
    this.store = store;
    this.mongo = store.client();
  }

  /** Marks the stripes of garbage document {@code garbageId}: one bulk of upserts, so repeating it is a no-op. */
  Future<Void> mark(String garbageId, JsonArray stripes) {
    List<BulkOperation> ops = new ArrayList<>(stripes.size());
    stripeIds(stripes).forEach(s -> ops.add(marker(s, garbageId)));
    return upsert(ops);
  }

  /** The first of {@code stripeIds} that is marked, or null when none is. */
  Future<Long> first(Collection<Long> stripeIds) {
    JsonObject query = new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(new ArrayList<>(stripeIds))));
    return mongo.findWithOptions(MetaCollections.RELEASED, query, new FindOptions().setLimit(1))
        .map(docs -> docs.isEmpty() ? null : docs.get(0).getLong("_id"));
  }

  /** Removes the markers of these stripes (once the garbage document holding them is gone). */
  Future<Void> unmark(JsonArray stripes) {
    List<Long> ids = stripeIds(stripes);
    return ids.isEmpty() ? Future.succeededFuture()
        : mongo.removeDocuments(MetaCollections.RELEASED,
            new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(ids)))).mapEmpty();
  }

  /**
   * True once every stripe document queued without markers (by an earlier version) has been
   * marked; until then the released-stripe check also runs the older query on {@code garbage}.
   */
  Future<Boolean> allMarked() {
    if (allMarked) {
      return Future.succeededFuture(true);
    }
    return mongo.findOne(MetaCollections.SCHEMA, new JsonObject().put("_id", ALL_MARKED), null).map(d -> {
      allMarked = d != null;
      return allMarked;
    });
  }

  /**
   * Marks the stripe documents queued by versions that wrote no markers (those without
   * {@link #MARKED}), a page at a time, and flags them. Idempotent; returns how many
   * documents it marked. A pass that finds none left writes {@link #ALL_MARKED}: the pass
   * after the one that marked the last of them, so masters of the earlier version still
   * running during a rolling upgrade had a collector interval more to show up.
   */
  Future<Long> backfill() {
    return backfillFrom(null, 0L).compose(n -> n > 0 ? Future.succeededFuture(n)
        : mongo.save(MetaCollections.SCHEMA, new JsonObject().put("_id", ALL_MARKED).put("atMs", System.currentTimeMillis()))
            .map(x -> {
              allMarked = true;
              return 0L;
            }));
  }

  private Future<Long> backfillFrom(Object after, long done) {
    JsonObject unmarked = new JsonObject().put("kind", "stripes").put(MARKED, new JsonObject().put("$exists", false));
    return store.page(MetaCollections.GARBAGE, unmarked, "_id", after, BACKFILL_PAGE).compose(page -> {
      if (page.items().isEmpty()) {
        return Future.succeededFuture(done);
      }
      List<BulkOperation> ops = new ArrayList<>();
      JsonArray docIds = new JsonArray();
      for (JsonObject d : page.items()) {
        docIds.add(d.getValue("_id"));
        stripeIds(d.getJsonArray("stripes", new JsonArray())).forEach(s -> ops.add(marker(s, d.getValue("_id"))));
      }
      long total = done + docIds.size();
      return upsert(ops)
          .compose(v -> mongo.updateCollectionWithOptions(MetaCollections.GARBAGE,
              new JsonObject().put("_id", new JsonObject().put("$in", docIds)),
              new JsonObject().put("$set", new JsonObject().put(MARKED, true)), new UpdateOptions().setMulti(true)))
          .compose(r -> {
            if (!page.truncated()) {
              return Future.succeededFuture(total);
            }
            if (total % (BACKFILL_PAGE * PAGES_PER_PROGRESS) == 0) {
              LOG.atInfo().addKeyValue("documents", total).log("marking the stripes of garbage queued by an older version");
            }
            return backfillFrom(page.next(), total);
          });
    });
  }

  private static BulkOperation marker(long stripeId, Object garbageId) {
    return BulkOperation.createUpdate(new JsonObject().put("_id", stripeId),
        new JsonObject().put("$setOnInsert", new JsonObject().put("g", garbageId)), true, false);
  }

  private Future<Void> upsert(List<BulkOperation> ops) {
    if (ops.isEmpty()) {
      return Future.succeededFuture();
    }
    // Two upserts of one id racing: the loser's duplicate key error means the marker is there.
    return mongo.bulkWriteWithOptions(MetaCollections.RELEASED, ops, new BulkWriteOptions(false)).<Void>mapEmpty()
        .recover(e -> MetaStore.isDuplicateKey(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  /** The ids of a garbage document's {@code stripes} array ({@code [{s, g, n}]}). */
  static List<Long> stripeIds(JsonArray stripes) {
    List<Long> ids = new ArrayList<>(stripes.size());
    for (Object o : stripes) {
      ids.add(((JsonObject) o).getLong("s"));
    }
    return ids;
  }
}
