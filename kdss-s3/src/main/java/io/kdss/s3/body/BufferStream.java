package io.kdss.s3.body;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** A read stream of one buffer already in memory (a small request document put through the body stages). */
public final class BufferStream implements ReadStream<Buffer> {

  private final Buffer buffer;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private long demand = Long.MAX_VALUE;
  private boolean sent;
  private boolean ended;

  public BufferStream(Buffer buffer) {
    this.buffer = buffer;
  }

  @Override
  public BufferStream exceptionHandler(Handler<Throwable> h) {
    return this;
  }

  @Override
  public BufferStream handler(Handler<Buffer> h) {
    handler = h;
    deliver();
    return this;
  }

  @Override
  public BufferStream pause() {
    demand = 0;
    return this;
  }

  @Override
  public BufferStream resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public BufferStream fetch(long amount) {
    demand = demand > Long.MAX_VALUE - amount ? Long.MAX_VALUE : demand + amount;
    deliver();
    return this;
  }

  @Override
  public BufferStream endHandler(Handler<Void> h) {
    endHandler = h;
    return this;
  }

  private void deliver() {
    if (handler == null || demand <= 0) {
      return;
    }
    if (!sent) {
      sent = true;
      if (buffer.length() > 0) {
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        handler.handle(buffer);
      }
    }
    if (!ended && demand > 0 && endHandler != null) {
      ended = true;
      endHandler.handle(null);
    }
  }
}
