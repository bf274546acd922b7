package io.kdss.client;

import io.vertx.core.Future;

/** Hands out stripe ids from ranges reserved at the masters in blocks, so most ids cost no call. */
final class StripeIds {

  static final int BLOCK = 256;

  private final StripePlacement placement;
  private long next;
  private long end;
  private Future<Long> pending;

  StripeIds(StripePlacement placement) {
    this.placement = placement;
  }

  synchronized Future<Long> next() {
    if (next < end) {
      return Future.succeededFuture(next++);
    }
    if (pending == null) {
      pending = placement.reserveStripeIds(BLOCK).andThen(ar -> {
        synchronized (StripeIds.this) {
          pending = null;
          if (ar.succeeded()) {
            next = ar.result();
            end = ar.result() + BLOCK;
          }
        }
      });
    }
    return pending.compose(first -> next());
  }
}
