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
    Future<Long> waiting = pending;
    if (waiting == null) {
      Future<Long> reserve = placement.reserveStripeIds(BLOCK);
      pending = reserve;
      waiting = reserve;
      // May run at once (the reservation can already be complete): clear only our own.
      reserve.onComplete(ar -> {
        synchronized (StripeIds.this) {
          if (pending == reserve) {
            pending = null;
          }
          if (ar.succeeded() && next >= end) {
            next = ar.result();
            end = ar.result() + BLOCK;
          }
        }
      });
    }
    return waiting.compose(first -> next());
  }
}
