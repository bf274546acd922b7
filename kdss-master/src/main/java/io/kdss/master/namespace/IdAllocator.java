package io.kdss.master.namespace;

import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.UpdateOptions;

/**
 * Entry (inode) and content ids from the {@code counters} collection, reserved in blocks so
 * a create costs no counter round trip most of the time. Ids below {@link #FIRST_ID} are
 * reserved (1 is the root). Blocks a master reserved and did not use when it stops are
 * simply skipped: ids only need to be unique.
 */
final class IdAllocator {

  static final String COUNTER = "entries";
  static final long FIRST_ID = 1024;
  static final int BLOCK = 256;

  private final MetaStore store;
  private long next;
  private long limit;
  private Future<Void> refilling;

  IdAllocator(MetaStore store) {
    this.store = store;
  }

  /** Makes sure the counter starts above the reserved ids. */
  Future<Void> init() {
    return store.client().findOneAndUpdateWithOptions(MetaCollections.COUNTERS, new JsonObject().put("_id", COUNTER),
        new JsonObject().put("$max", new JsonObject().put("value", FIRST_ID)), new FindOptions(),
        new UpdateOptions().setUpsert(true)).mapEmpty();
  }

  /** Called on the master's event loop only. */
  Future<Long> next() {
    if (next < limit) {
      return Future.succeededFuture(next++);
    }
    Future<Void> pending = refilling;
    if (pending == null) {
      pending = store.reserveIds(COUNTER, BLOCK).map(first -> {
        next = first;
        limit = first + BLOCK;
        return (Void) null;
      });
      Future<Void> mine = pending;
      refilling = mine;
      // May run at once when the reservation already completed: clear only our own refill.
      mine.onComplete(ar -> {
        if (refilling == mine) {
          refilling = null;
        }
      });
    }
    return pending.compose(v -> next());
  }
}
