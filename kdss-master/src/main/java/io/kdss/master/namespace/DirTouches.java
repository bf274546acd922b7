package io.kdss.master.namespace;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Directory touches shared by concurrent callers. A caller needs a touch of the directory that
 * starts after it asked (its child is inserted or removed by then, so the version bump makes a
 * concurrent rmdir's compare-and-set fail, and the mtime covers its change); it does not need a
 * touch of its own. While one touch of a directory runs, every caller that asks joins the next
 * one, which starts when the running one ends: sixteen PUTs into one directory cost one or two
 * metadata writes instead of sixteen, and no caller sees a touch that began before it asked.
 */
final class DirTouches {

  private final LongFunction<Future<JsonObject>> touch;
  /** Directories with a touch running, and the callers waiting for the next one. Guarded by this. */
  private final Map<Long, Promise<JsonObject>> next = new HashMap<>();

  DirTouches(LongFunction<Future<JsonObject>> touch) {
    this.touch = touch;
  }

  /**
   * A touch of {@code dirId} that starts after this call: the directory after it, or null when it
   * is gone. Completes on the caller's context.
   */
  Future<JsonObject> touch(long dirId) {
    Context caller = Vertx.currentContext();
    Promise<JsonObject> mine;
    boolean start;
    synchronized (this) {
      start = !next.containsKey(dirId);
      if (start) {
        next.put(dirId, null);
        mine = Promise.promise();
      } else {
        mine = next.get(dirId);
        if (mine == null) {
          mine = Promise.promise();
          next.put(dirId, mine);
        }
      }
    }
    if (start) {
      run(dirId, mine);
    }
    return caller == null ? mine.future() : backOn(caller, mine.future());
  }

  private void run(long dirId, Promise<JsonObject> batch) {
    Future<JsonObject> f;
    try {
      f = touch.apply(dirId);
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.onComplete(ar -> {
      Promise<JsonObject> waiting;
      synchronized (this) {
        waiting = next.get(dirId);
        if (waiting == null) {
          next.remove(dirId);
        } else {
          next.put(dirId, null);
        }
      }
      batch.handle(ar);
      if (waiting != null) {
        run(dirId, waiting);
      }
    });
  }

  private static <T> Future<T> backOn(Context context, Future<T> f) {
    Promise<T> p = Promise.promise();
    f.onComplete((AsyncResult<T> ar) -> {
      if (Vertx.currentContext() == context) {
        p.handle(ar);
      } else {
        context.runOnContext(v -> p.handle(ar));
      }
    });
    return p.future();
  }
}
