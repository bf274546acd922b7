package io.kdss.master.gc;

import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.ArrayList;
import java.util.Collection;

/**
 * The durable garbage-collection queue ({@code garbage}). Two kinds of documents:
 * <pre>
 * {_id: "c&lt;cid&gt;", kind: "content", cid, entryId, v, due, tries}
 *     "content cid of entry entryId is dead, or will be once the entry moves past version v".
 *     Written BEFORE the entry change that drops the content (overwrite, unlink, truncate to 0,
 *     abort). The collector verifies against the entry: dead -&gt; its stripes are queued; still
 *     live at a newer version -&gt; the change failed for good, the claim is dropped; still live
 *     at v -&gt; the change may be in flight: retried later, and after a few tries the entry's
 *     version is bumped so the late change can no longer apply.
 * {_id, kind: "stripes", stripes: [{s: stripeId, g: groupId, n: k+m}], due, pending: [diskId], marked: true}
 *     stripes that no extent references any more (final: stripe ids are never reused).
 * </pre>
 * {@code due} is now + the grace period, so reads that started before a content died finish.
 * Each queued stripe also has a marker in {@link ReleasedStripes}, written before its stripe
 * document and removed after it, which the released-stripe check looks up by id.
 */
public final class GarbageQueue {

  private final MetaStore store;
  private final long graceMs;
  private final ReleasedStripes released;

  public GarbageQueue(MetaStore store, long graceMs) {
    this.store = store;
    this.graceMs = graceMs;
    this.released = new ReleasedStripes(store);
  }

  public Future<Void> contentDead(long cid, long entryId, long version) {
    JsonObject set = new JsonObject().put("kind", "content").put("cid", cid).put("entryId", entryId)
        .put("due", System.currentTimeMillis() + graceMs);
    // $max: a claim written from an older view of the entry never lowers a fresher one's version
    // (the collector would drop the claim as "moved on" while that fresher change is in flight).
    return store.client().updateCollectionWithOptions(MetaCollections.GARBAGE, new JsonObject().put("_id", "c" + cid),
        new JsonObject().put("$set", set).put("$max", new JsonObject().put("v", version))
            .put("$setOnInsert", new JsonObject().put("tries", 0)),
        new UpdateOptions().setUpsert(true)).mapEmpty();
  }

  /**
   * Queues dead stripes under a deterministic id (a repeated call is a no-op). Their markers
   * are written first, so no moment exists where the document is queued and a stripe unmarked.
   */
  public Future<Void> stripes(String id, JsonArray stripes, long dueMs) {
    if (stripes.isEmpty()) {
      return Future.succeededFuture();
    }
    JsonObject doc = new JsonObject().put("_id", id).put("kind", "stripes").put("stripes", stripes).put("due", dueMs)
        .put(ReleasedStripes.MARKED, true);
    return released.mark(id, stripes)
        .compose(v -> store.client().insert(MetaCollections.GARBAGE, doc)).<Void>mapEmpty()
        .recover(e -> MetaStore.isDuplicateKey(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  /**
   * The first of {@code stripeIds} that is queued for deletion, or null when none is: one
   * lookup of the markers by id (an index on every store), whatever the queue's length. Until
   * garbage queued by an earlier version (without markers) has all been marked, also the
   * older query on the queue itself, so no upgrade window lets a queued stripe be recorded.
   */
  public Future<Long> firstQueued(Collection<Long> stripeIds) {
    if (stripeIds.isEmpty()) {
      return Future.succeededFuture(null);
    }
    return released.first(stripeIds).compose(marked -> marked != null ? Future.succeededFuture(marked)
        : released.allMarked().compose(all -> all ? Future.succeededFuture(null) : firstInQueue(stripeIds)));
  }

  private Future<Long> firstInQueue(Collection<Long> stripeIds) {
    JsonObject query = new JsonObject().put("kind", "stripes")
        .put("stripes.s", new JsonObject().put("$in", new JsonArray(new ArrayList<>(stripeIds))));
    return store.client().findOne(MetaCollections.GARBAGE, query, null).map(doc -> {
      if (doc == null) {
        return null;
      }
      for (Long s : ReleasedStripes.stripeIds(doc.getJsonArray("stripes", new JsonArray()))) {
        if (stripeIds.contains(s)) {
          return s;
        }
      }
      return null;
    });
  }

  /** The markers of the queued stripes (see {@link ReleasedStripes}). */
  ReleasedStripes released() {
    return released;
  }

  public long graceMs() {
    return graceMs;
  }

  public Future<Long> size() {
    return store.client().count(MetaCollections.GARBAGE, new JsonObject());
  }
}
