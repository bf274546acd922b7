package io.kdss.s3.body;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;

/**
 * A transform of a body stream with backpressure: it asks its upstream for one buffer at a
 * time, and only while its own reader has demand and nothing is queued, so at most the output
 * of one upstream buffer waits in memory whatever the body's size. A subclass transforms in
 * {@link #onData} (calling {@link #emit}) and checks at the end in {@link #onEnd}; an exception
 * thrown from either fails the stream (the reader's exception handler gets it, no end follows).
 *
 * <p>Runs on one event loop, like the request it reads: no locking.
 */
public abstract class BodyStage implements ReadStream<Buffer> {

  private final ReadStream<Buffer> upstream;
  private final ArrayDeque<Buffer> pending = new ArrayDeque<>();
  private long demand = Long.MAX_VALUE;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private Throwable failure;
  private boolean upstreamEnded;
  private boolean ended;
  private boolean draining;
  private boolean requested;

  protected BodyStage(ReadStream<Buffer> upstream) {
    this.upstream = upstream;
    upstream.pause();
  }

  /** Transforms one upstream buffer, calling {@link #emit} for each output. */
  protected abstract void onData(Buffer in);

  /** Called when the upstream ended: final checks; may emit remaining output. */
  protected void onEnd() {
  }

  protected final void emit(Buffer out) {
    if (out.length() > 0) {
      pending.add(out);
    }
  }

  @Override
  public BodyStage handler(Handler<Buffer> h) {
    this.handler = h;
    if (h == null) {
      upstream.handler(null);
      return this;
    }
    upstream.exceptionHandler(this::fail);
    upstream.endHandler(v -> upstreamEnd());
    upstream.handler(this::upstreamData);
    drain();
    return this;
  }

  @Override
  public BodyStage endHandler(Handler<Void> h) {
    this.endHandler = h;
    return this;
  }

  @Override
  public BodyStage exceptionHandler(Handler<Throwable> h) {
    this.exceptionHandler = h;
    if (h != null && failure != null) {
      h.handle(failure);
    }
    return this;
  }

  @Override
  public BodyStage pause() {
    demand = 0;
    return this;
  }

  @Override
  public BodyStage resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public BodyStage fetch(long amount) {
    if (amount > 0) {
      demand = demand > Long.MAX_VALUE - amount ? Long.MAX_VALUE : demand + amount;
      drain();
    }
    return this;
  }

  /** Whether the stream failed (a check did not hold, the upstream broke). */
  public boolean failed() {
    return failure != null;
  }

  private void upstreamData(Buffer in) {
    requested = false;
    if (failure != null || ended) {
      return;
    }
    try {
      onData(in);
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    drain();
  }

  private void upstreamEnd() {
    requested = false;
    if (failure != null || ended) {
      return;
    }
    upstreamEnded = true;
    try {
      onEnd();
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    drain();
  }

  protected final void fail(Throwable t) {
    if (failure != null || ended) {
      return;
    }
    failure = t;
    pending.clear();
    if (exceptionHandler != null) {
      exceptionHandler.handle(t);
    }
  }

  private void drain() {
    if (draining || handler == null) {
      return;
    }
    draining = true;
    try {
      while (failure == null && demand > 0 && !pending.isEmpty()) {
        Buffer b = pending.poll();
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        handler.handle(b);
      }
      if (failure == null && pending.isEmpty() && upstreamEnded && !ended) {
        ended = true;
        if (endHandler != null) {
          endHandler.handle(null);
        }
      }
    } finally {
      draining = false;
    }
    if (failure == null && !upstreamEnded && !requested && demand > 0 && pending.isEmpty()) {
      requested = true;
      upstream.fetch(1);
    }
  }
}
