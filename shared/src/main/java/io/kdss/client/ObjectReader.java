package io.kdss.client;

import io.kdss.proto.Stripe;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A read stream of an object's bytes [offset, offset + length): stripes are fetched in order
 * through {@link StripeReader}, {@code readAheadStripes} ahead of the one being emitted, and
 * buffers are emitted only as the consumer asks ({@code pipeTo(response)} pauses this stream
 * while the client is slow), so memory stays at a few stripes whatever the object's size.
 * Emitted buffers are slices of fetched shards: no copy on the fast path.
 */
public final class ObjectReader implements ReadStream<Buffer> {

  private final KdssClient client;
  private final Context context;
  private final List<Stripe> stripes;
  private final long end;
  private final StripeReader reader;
  private final ArrayDeque<Future<List<Buffer>>> window = new ArrayDeque<>();
  private final ArrayDeque<Buffer> ready = new ArrayDeque<>();
  private int nextStripe;
  private long cursor;
  private long demand = Long.MAX_VALUE;
  private boolean emitting;
  private boolean finished;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;

  ObjectReader(KdssClient client, List<Stripe> stripes, long offset, long length) {
    this.client = client;
    this.context = Vertx.currentContext() != null ? Vertx.currentContext() : client.vertx().getOrCreateContext();
    this.cursor = offset;
    this.end = offset + length;
    this.reader = new StripeReader(client);
    List<Stripe> relevant = new ArrayList<>();
    for (Stripe s : stripes) {
      if (s.getOffset() + s.getLength() > offset && s.getOffset() < end) {
        relevant.add(s);
      }
    }
    relevant.sort((a, b) -> Long.compare(a.getOffset(), b.getOffset()));
    this.stripes = relevant;
    checkCoverage(offset);
  }

  private void checkCoverage(long offset) {
    long at = offset;
    for (Stripe s : stripes) {
      if (s.getOffset() > at) {
        throw new IllegalArgumentException("stripes leave bytes [" + at + ", " + s.getOffset() + ") uncovered");
      }
      at = Math.max(at, s.getOffset() + s.getLength());
    }
    if (at < end) {
      throw new IllegalArgumentException("stripes end at " + at + ", before the range end " + end);
    }
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.handler = handler;
    if (handler != null) {
      context.runOnContext(v -> pump());
    }
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    demand = 0;
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    context.runOnContext(v -> pump());
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  private void pump() {
    if (emitting || finished || handler == null) {
      return;
    }
    emitting = true;
    try {
      fillWindow();
      while (demand > 0 && !finished) {
        if (ready.isEmpty() && !takeReadyStripe()) {
          break;
        }
        Buffer b = ready.poll();
        if (b != null) {
          if (demand != Long.MAX_VALUE) {
            demand--;
          }
          client.metrics().bytesRead.increment(b.length());
          handler.handle(b);
        }
      }
      if (!finished && ready.isEmpty() && window.isEmpty() && nextStripe == stripes.size()) {
        finished = true;
        if (endHandler != null) {
          endHandler.handle(null);
        }
      }
    } finally {
      emitting = false;
    }
  }

  /** Moves the oldest fetched stripe's buffers to {@link #ready}; false if it is not there yet. */
  private boolean takeReadyStripe() {
    Future<List<Buffer>> head = window.peek();
    if (head == null || !head.isComplete()) {
      return false;
    }
    window.poll();
    if (head.failed()) {
      finished = true;
      if (exceptionHandler != null) {
        exceptionHandler.handle(head.cause());
      }
      return false;
    }
    ready.addAll(head.result());
    client.metrics().stripesRead.increment();
    fillWindow();
    return true;
  }

  private void fillWindow() {
    while (window.size() <= client.options().readAheadStripes() && nextStripe < stripes.size()) {
      Stripe s = stripes.get(nextStripe++);
      int from = (int) (Math.max(cursor, s.getOffset()) - s.getOffset());
      int to = (int) (Math.min(end, s.getOffset() + s.getLength()) - s.getOffset());
      cursor = s.getOffset() + to;
      long start = System.nanoTime();
      Future<List<Buffer>> f = reader.read(context, s, from, to);
      f.onComplete(ar -> {
        client.metrics().stripeRead.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        pump();
      });
      window.add(f);
    }
  }
}
