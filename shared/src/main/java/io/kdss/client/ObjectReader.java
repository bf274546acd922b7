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
 * A read stream of an object's bytes [offset, offset + length), holes (ranges no stripe
 * holds, e.g. a sparse file) reading as zeros: stripes are fetched in order
 * through {@link StripeReader}, {@code readAheadStripes} ahead of the one being emitted, and
 * buffers are emitted only as the consumer asks ({@code pipeTo(response)} pauses this stream
 * while the client is slow), so memory stays at a few stripes whatever the object's size.
 * Emitted buffers are slices of fetched shards: no copy on the fast path.
 */
public final class ObjectReader implements ReadStream<Buffer> {

  private final KdssClient client;
  private final Context context;
  private final List<Segment> segments;
  private final long end;
  private final StripeReader reader;
  private final ArrayDeque<Future<List<Buffer>>> window = new ArrayDeque<>();
  private final ArrayDeque<Buffer> ready = new ArrayDeque<>();
  private int nextSegment;
  private long holeDone;
  private long demand = Long.MAX_VALUE;
  private boolean emitting;
  private boolean finished;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;

  ObjectReader(KdssClient client, List<Stripe> stripes, long offset, long length) {
    this.client = client;
    this.context = Vertx.currentContext() != null ? Vertx.currentContext() : client.vertx().getOrCreateContext();
    this.end = offset + length;
    this.reader = new StripeReader(client);
    this.segments = segments(stripes, offset, offset + length);
  }

  /** A run of the range: bytes of one stripe, or a hole (zeros) where no stripe holds data. */
  private record Segment(Stripe stripe, int from, int to, long holeBytes) {
  }

  /**
   * Cuts [start, end) into stripe runs (a run's file bytes [offset, offset+length) are its
   * stripe's data bytes [data_offset, data_offset+length)) and holes between or after them.
   */
  private static List<Segment> segments(List<Stripe> stripes, long start, long end) {
    List<Stripe> runs = new ArrayList<>(stripes);
    runs.sort((a, b) -> Long.compare(a.getOffset(), b.getOffset()));
    List<Segment> out = new ArrayList<>();
    long at = start;
    for (Stripe s : runs) {
      long runEnd = s.getOffset() + s.getLength();
      if (runEnd <= at || s.getOffset() >= end) {
        continue;
      }
      if (s.getOffset() > at) {
        out.add(new Segment(null, 0, 0, s.getOffset() - at));
        at = s.getOffset();
      }
      long to = Math.min(end, runEnd);
      out.add(new Segment(s, (int) (s.getDataOffset() + at - s.getOffset()),
          (int) (s.getDataOffset() + to - s.getOffset()), 0));
      at = to;
    }
    if (at < end) {
      out.add(new Segment(null, 0, 0, end - at));
    }
    return out;
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
      if (!finished && ready.isEmpty() && window.isEmpty() && nextSegment == segments.size()) {
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
    while (window.size() <= client.options().readAheadStripes() && nextSegment < segments.size()) {
      Segment seg = segments.get(nextSegment);
      if (seg.stripe() == null) {
        // A hole goes out a slice of zeros at a time, as the consumer takes them.
        int n = (int) Math.min(ZEROS.length(), seg.holeBytes() - holeDone);
        window.add(Future.succeededFuture(List.of(ZEROS.slice(0, n))));
        holeDone += n;
        if (holeDone == seg.holeBytes()) {
          nextSegment++;
          holeDone = 0;
        }
        continue;
      }
      nextSegment++;
      long start = System.nanoTime();
      Future<List<Buffer>> f = reader.read(context, seg.stripe(), seg.from(), seg.to());
      f.onComplete(ar -> {
        client.metrics().stripeRead.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        pump();
      });
      window.add(f);
    }
  }

  private static final Buffer ZEROS = Buffer.buffer(new byte[1 << 20]);
}
