package io.kdss.s3.cluster;

import io.kdss.client.KdssClient;
import io.kdss.client.ObjectReader;
import io.kdss.client.master.MasterClient;
import io.kdss.proto.ReadStripesReply;
import io.kdss.proto.ReadStripesRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * The bytes [offset, offset + length) of one content, read window by window: each window's
 * stripe runs come from the masters ({@code ReadStripes} of that content, so the version opened
 * is the version read), and an {@link ObjectReader} streams them; the next window's runs are
 * fetched while the current one streams. So however large the object, the gateway holds one
 * window's stripe list and the reader's few stripes, and produces bytes only as the consumer
 * asks (pause/fetch are passed to the current reader).
 */
final class WindowedObjectStream implements ReadStream<Buffer> {

  private final MasterClient masters;
  private final KdssClient client;
  private final Context context;
  private final long entryId;
  private final long contentId;
  private final long end;
  private final long windowBytes;
  private Window next;
  private ObjectReader current;
  private long demand = Long.MAX_VALUE;
  private boolean started;
  private boolean done;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;

  /** One window of the range and its stripe runs (being fetched). */
  private record Window(long start, long length, Future<ReadStripesReply> runs) {
  }

  WindowedObjectStream(MasterClient masters, KdssClient client, long entryId, long contentId, long offset, long length,
      long windowBytes) {
    this.masters = masters;
    this.client = client;
    this.context = Vertx.currentContext();
    if (context == null) {
      throw new IllegalStateException("open object streams on a Vert.x context");
    }
    this.entryId = entryId;
    this.contentId = contentId;
    this.end = offset + length;
    this.windowBytes = windowBytes;
    this.next = window(offset);
  }

  /** Starts fetching the runs of the window at {@code start}; null past the end. */
  private Window window(long start) {
    if (start >= end) {
      return null;
    }
    long len = Math.min(windowBytes, end - start);
    Future<ReadStripesReply> runs = masters.readStripes(ReadStripesRequest.newBuilder().setId(entryId)
        .setContentId(contentId).setOffset(start).setLength(len).build());
    return new Window(start, len, runs);
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.handler = handler;
    if (handler != null && !started) {
      started = true;
      OnContext.run(context, this::startNext);
    }
    return this;
  }

  private void startNext() {
    Window w = next;
    if (w == null) {
      done = true;
      if (endHandler != null) {
        endHandler.handle(null);
      }
      return;
    }
    w.runs().onComplete(ar -> OnContext.run(context, () -> {
      if (done) {
        return;
      }
      if (ar.failed()) {
        fail(ar.cause());
        return;
      }
      ObjectReader reader = client.reader(ar.result().getStripesList(), w.start(), w.length());
      current = reader;
      next = window(w.start() + w.length());
      reader.exceptionHandler(this::fail);
      reader.endHandler(v -> {
        current = null;
        startNext();
      });
      if (demand != Long.MAX_VALUE) {
        reader.pause();
        if (demand > 0) {
          reader.fetch(demand);
        }
      }
      reader.handler(this::emit);
    }));
  }

  private void emit(Buffer b) {
    if (demand != Long.MAX_VALUE) {
      demand--;
    }
    if (handler != null) {
      handler.handle(b);
    }
  }

  private void fail(Throwable e) {
    if (done) {
      return;
    }
    done = true;
    if (exceptionHandler != null) {
      exceptionHandler.handle(e);
    }
  }

  @Override
  public ReadStream<Buffer> pause() {
    demand = 0;
    if (current != null) {
      current.pause();
    }
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    demand = Long.MAX_VALUE;
    if (current != null) {
      current.resume();
    }
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    if (current != null) {
      current.fetch(amount);
    }
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
}
