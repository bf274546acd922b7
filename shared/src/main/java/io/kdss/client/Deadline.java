package io.kdss.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeoutException;

/** Bounds how long the write and read paths wait for one shard. */
final class Deadline {

  private Deadline() {
  }

  static <T> Future<T> within(Vertx vertx, Future<T> f, long ms, String what) {
    if (f.isComplete()) {
      return f;
    }
    Promise<T> p = Promise.promise();
    long timer = vertx.setTimer(ms, t -> p.tryFail(new TimeoutException(what + " took longer than " + ms + " ms")));
    f.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        p.tryComplete(ar.result());
      } else {
        p.tryFail(ar.cause());
      }
    });
    return p.future();
  }
}
