package io.kdss.master.namespace;

import io.kdss.client.master.NamespaceErrno;
import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A cluster-wide lock (a short lease document in {@code leases}) held while a directory
 * moves to another parent. Two such moves running at once could each pass the "not into
 * itself" check and together make a cycle (a moved into b while b moves into a); local
 * filesystems serialize these renames the same way. Other operations never take it.
 */
final class DirMoveLock {

  static final String LOCK_ID = "dir-move";
  static final long HOLD_MS = 5_000;
  static final int ATTEMPTS = 400;

  private final Vertx vertx;
  private final MetaStore store;

  DirMoveLock(Vertx vertx, MetaStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  <T> Future<T> with(Supplier<Future<T>> body) {
    String token = UUID.randomUUID().toString();
    return acquire(token, 0).compose(v -> {
      Future<T> result;
      try {
        result = body.get();
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      return result.andThen(ar -> store.client().removeDocuments(MetaCollections.LEASES,
          new JsonObject().put("_id", LOCK_ID).put("owner", token)));
    });
  }

  private Future<Void> acquire(String token, int attempt) {
    long now = System.currentTimeMillis();
    return store.client().findOneAndUpdateWithOptions(MetaCollections.LEASES,
            new JsonObject().put("_id", LOCK_ID).put("expiresAt", new JsonObject().put("$lt", now)),
            new JsonObject().put("$set", new JsonObject().put("owner", token).put("expiresAt", now + HOLD_MS)),
            new FindOptions(), new UpdateOptions().setUpsert(true))
        .<Void>mapEmpty()
        .recover(e -> {
          if (!MetaStore.isDuplicateKey(e)) {
            return Future.failedFuture(e);
          }
          if (attempt >= ATTEMPTS) {
            return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EAGAIN, "directory moves are contended"));
          }
          Promise<Void> later = Promise.promise();
          vertx.setTimer(5 + (attempt % 10), id -> acquire(token, attempt + 1).onComplete(later));
          return later.future();
        });
  }
}
