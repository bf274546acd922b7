package io.kdss.master.namespace;

import io.kdss.client.master.NamespaceErrno;
import io.kdss.master.gc.GarbageQueue;
import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Chunk documents of contents' stripe maps, in {@code stripes}:
 * <pre>
 * {_id: "&lt;cid&gt;.&lt;chunk&gt;", cid, e: entryId, i: chunk, cv, x: [extent...], dead: [{s, g, n}]}
 * chunk 0 also: w (last write sequence handed out), hwm (highest byte end ever written)
 * </pre>
 * Every change of a chunk is one compare-and-set on {@code (_id, cv)}: the extents and the
 * stripes a change leaves unreferenced ({@code dead}) move together, so a crash cannot lose a
 * dead stripe. Dead stripes are then copied to the garbage queue under an id derived from the
 * chunk version (idempotent) and pulled from the chunk.
 */
final class ChunkStore {

  static final int MAX_ATTEMPTS = 64;

  private final MetaStore store;
  private final GarbageQueue garbage;

  ChunkStore(MetaStore store, GarbageQueue garbage) {
    this.store = store;
    this.garbage = garbage;
  }

  static String id(long cid, long chunk) {
    return cid + "." + chunk;
  }

  /**
   * The content's header before this write: {w, hwm} (and, once chunk 0 exists, the rest of
   * it); takes write sequence w+1 and raises hwm to {@code end}, making chunk 0 when missing.
   */
  Future<JsonObject> takeWrite(long cid, long entryId, long end) {
    JsonObject update = new JsonObject()
        .put("$inc", new JsonObject().put("w", 1L))
        .put("$max", new JsonObject().put("hwm", end))
        .put("$setOnInsert", new JsonObject().put("cid", cid).put("e", entryId).put("i", 0L).put("cv", 0L)
            .put("x", new JsonArray()).put("dead", new JsonArray()));
    return store.client().findOneAndUpdateWithOptions(MetaCollections.STRIPES, new JsonObject().put("_id", id(cid, 0)),
            update, new FindOptions(), new UpdateOptions().setUpsert(true).setReturningNewDocument(false))
        .map(old -> old == null ? new JsonObject().put("w", 0L).put("hwm", 0L) : old);
  }

  /**
   * Makes chunk 0 of a content that has no chunk yet, holding {@code extents} (stamped with
   * write sequence 1) and {@code hwm = end}: what {@link #takeWrite} followed by {@link #update}
   * would leave, in one insert instead of an upsert and an update (a small object's only
   * write). False, with nothing changed, when chunk 0 exists: the caller then records the
   * usual way.
   */
  Future<Boolean> createFirst(long cid, long entryId, long end, List<Extent> extents) {
    if (extents.size() > StripeMap.MAX_EXTENTS) {
      return Future.succeededFuture(false);
    }
    JsonArray x = new JsonArray();
    extents.forEach(e -> x.add(e.toJson()));
    JsonObject doc = new JsonObject().put("_id", id(cid, 0)).put("cid", cid).put("e", entryId).put("i", 0L)
        .put("cv", 1L).put("w", 1L).put("hwm", end).put("x", x).put("dead", new JsonArray());
    return store.client().insert(MetaCollections.STRIPES, doc).map(r -> true)
        .recover(e -> MetaStore.isDuplicateKey(e) ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  Future<JsonObject> header(long cid) {
    return store.client().findOne(MetaCollections.STRIPES, new JsonObject().put("_id", id(cid, 0)), null)
        .map(d -> d == null ? new JsonObject().put("w", 0L).put("hwm", 0L) : d);
  }

  /** Chunk documents {@code first..last} of a content that exist. */
  Future<List<JsonObject>> load(long cid, long first, long last) {
    List<Long> chunks = new ArrayList<>();
    for (long i = first; i <= last; i++) {
      chunks.add(i);
    }
    return load(cid, chunks);
  }

  /** The chunk documents of a content among {@code chunks} that exist. */
  Future<List<JsonObject>> load(long cid, Collection<Long> chunks) {
    JsonArray ids = new JsonArray();
    chunks.forEach(i -> ids.add(id(cid, i)));
    return store.client().find(MetaCollections.STRIPES, new JsonObject().put("_id", new JsonObject().put("$in", ids)));
  }

  /** Applies {@code change} to chunk {@code i}'s extents atomically (retrying on conflicts), then flushes dead stripes. */
  Future<Void> update(long cid, long entryId, long chunk, UnaryOperator<StripeMap.Trimmed> change) {
    return attempt(cid, entryId, chunk, null, change, 0);
  }

  /**
   * As {@link #update}, the first attempt starting from {@code known}, the chunk as the caller
   * just read it (chunk 0 as {@link #takeWrite} returned it: a write's extents, dead stripes and
   * version are as before): one metadata read fewer per write; a stale copy only costs a retry,
   * the compare-and-set on the version catches it.
   */
  Future<Void> update(long cid, long entryId, long chunk, JsonObject known, UnaryOperator<StripeMap.Trimmed> change) {
    return attempt(cid, entryId, chunk, known, change, 0);
  }

  private Future<Void> attempt(long cid, long entryId, long chunk, JsonObject known,
      UnaryOperator<StripeMap.Trimmed> change, int n) {
    if (n >= MAX_ATTEMPTS) {
      return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EAGAIN, "chunk " + id(cid, chunk) + " is contended"));
    }
    String id = id(cid, chunk);
    Future<JsonObject> read = n == 0 && known != null ? Future.succeededFuture(known)
        : store.client().findOne(MetaCollections.STRIPES, new JsonObject().put("_id", id), null);
    return read.compose(doc -> {
      List<Extent> extents = new ArrayList<>();
      JsonArray dead = doc == null ? new JsonArray() : doc.getJsonArray("dead", new JsonArray()).copy();
      if (doc != null) {
        doc.getJsonArray("x", new JsonArray()).forEach(x -> extents.add(Extent.fromJson((JsonObject) x)));
      }
      StripeMap.Trimmed next = change.apply(new StripeMap.Trimmed(extents, List.of()));
      if (next.kept().size() > StripeMap.MAX_EXTENTS) {
        return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EFBIG, "region " + chunk + " of content " + cid
            + " would hold " + next.kept().size() + " stripes (limit " + StripeMap.MAX_EXTENTS
            + "): write this file in larger pieces"));
      }
      Extent released = released(next.kept(), dead);
      if (released != null) {
        return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EINVAL, "stripe " + released.stripeId()
            + " was already released (cut out of this file) and is queued for deletion: write the bytes at "
            + released.offset() + " into new stripes"));
      }
      next.deadStripes().forEach(e -> dead.add(e.deadStripe()));
      JsonArray x = new JsonArray();
      next.kept().forEach(e -> x.add(e.toJson()));
      Future<Long> written;
      if (doc == null) {
        JsonObject fresh = new JsonObject().put("_id", id).put("cid", cid).put("e", entryId).put("i", chunk)
            .put("cv", 1L).put("x", x).put("dead", dead);
        written = store.client().insert(MetaCollections.STRIPES, fresh).map(r -> 1L)
            .recover(e -> MetaStore.isDuplicateKey(e) ? Future.succeededFuture(-1L) : Future.failedFuture(e));
      } else {
        long cv = doc.getLong("cv", 0L);
        written = store.client().updateCollection(MetaCollections.STRIPES, new JsonObject().put("_id", id).put("cv", cv),
                new JsonObject().put("$set", new JsonObject().put("x", x).put("dead", dead).put("cv", cv + 1)))
            .map(r -> r.getDocMatched() == 1 ? cv + 1 : -1L);
      }
      return written.compose(cv -> cv < 0 ? attempt(cid, entryId, chunk, null, change, n + 1)
          : flushDead(id, cv, dead));
    });
  }

  /** An extent that references a stripe the chunk already released, or null. */
  private static Extent released(List<Extent> kept, JsonArray dead) {
    if (dead.isEmpty()) {
      return null;
    }
    Set<Long> ids = new HashSet<>();
    dead.forEach(d -> ids.add(((JsonObject) d).getLong("s")));
    return kept.stream().filter(e -> ids.contains(e.stripeId())).findFirst().orElse(null);
  }

  /** Queues a chunk's dead stripes for collection, then drops them from the chunk. */
  Future<Void> flushDead(String chunkId, long cv, JsonArray dead) {
    if (dead.isEmpty()) {
      return Future.succeededFuture();
    }
    return garbage.stripes("t" + chunkId + "@" + cv, dead, System.currentTimeMillis() + garbage.graceMs())
        .compose(v -> store.client().updateCollection(MetaCollections.STRIPES, new JsonObject().put("_id", chunkId),
            new JsonObject().put("$pullAll", new JsonObject().put("dead", dead))))
        .mapEmpty();
  }

  /** Deletes one chunk document (garbage collection of a dead content). */
  Future<Void> remove(String chunkId) {
    return store.client().removeDocuments(MetaCollections.STRIPES, new JsonObject().put("_id", chunkId)).mapEmpty();
  }
}
