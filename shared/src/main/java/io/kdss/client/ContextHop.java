package io.kdss.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Brings a future's completion back onto one context, so a stream's state is only ever touched
 * from its own event loop (transport callbacks may arrive on other loops).
 */
final class ContextHop {

  private ContextHop() {
  }

  static <T> Future<T> to(Context context, Future<T> f) {
    Promise<T> p = Promise.promise();
    f.onComplete(ar -> {
      if (Vertx.currentContext() == context) {
        p.handle(ar);
      } else {
        context.runOnContext(v -> p.handle(ar));
      }
    });
    return p.future();
  }
}
