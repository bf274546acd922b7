package io.kdss.s3.backend;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Zero bytes generated on demand, one 64 KiB buffer per unit of demand, each emitted on a later
 * turn of the event loop (as a real disk or network read completes): what the gateway pulls is
 * exactly what was produced, so a test can see how far production runs ahead of the client.
 */
final class GeneratedStream implements ReadStream<Buffer> {

  private static final Buffer BLOCK = Buffer.buffer(new byte[64 * 1024]);

  private final Context context = Vertx.currentContext();
  private final AtomicLong produced;
  private long remaining;
  private long demand = Long.MAX_VALUE;
  private boolean scheduled;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;

  GeneratedStream(long length, AtomicLong produced) {
    this.remaining = length;
    this.produced = produced;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> h) {
    handler = h;
    schedule();
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
  public ReadStream<Buffer> fetch(long n) {
    demand = demand > Long.MAX_VALUE - n ? Long.MAX_VALUE : demand + n;
    schedule();
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> h) {
    endHandler = h;
    return this;
  }

  private void schedule() {
    if (!scheduled && handler != null && demand > 0) {
      scheduled = true;
      context.runOnContext(v -> emit());
    }
  }

  private void emit() {
    scheduled = false;
    if (demand <= 0 || handler == null) {
      return;
    }
    if (remaining == 0) {
      if (endHandler != null) {
        Handler<Void> h = endHandler;
        endHandler = null;
        h.handle(null);
      }
      return;
    }
    int n = (int) Math.min(BLOCK.length(), remaining);
    remaining -= n;
    produced.addAndGet(n);
    if (demand != Long.MAX_VALUE) {
      demand--;
    }
    handler.handle(n == BLOCK.length() ? BLOCK : BLOCK.slice(0, n));
    schedule();
  }
}
