package io.kdss.s3.body;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A body source for stage tests: delivers its buffers only on demand, synchronously, and records
 * the most buffers it was ever asked for beyond those consumed (to prove backpressure).
 */
final class ScriptedStream implements ReadStream<Buffer> {

  private final ArrayDeque<Buffer> remaining;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private long demand = Long.MAX_VALUE;
  private boolean ended;
  private boolean delivering;
  int delivered;

  ScriptedStream(List<Buffer> buffers) {
    this.remaining = new ArrayDeque<>(buffers);
  }

  /** Splits {@code bytes} into pieces of {@code piece} bytes. */
  static ScriptedStream of(byte[] bytes, int piece) {
    java.util.List<Buffer> list = new java.util.ArrayList<>();
    for (int i = 0; i < bytes.length; i += piece) {
      list.add(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + piece))));
    }
    return new ScriptedStream(list);
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> h) {
    handler = h;
    deliver();
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
    deliver();
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> h) {
    endHandler = h;
    return this;
  }

  private void deliver() {
    if (delivering || handler == null) {
      return;
    }
    delivering = true;
    try {
      while (demand > 0 && !remaining.isEmpty()) {
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        delivered++;
        handler.handle(remaining.poll());
      }
      if (remaining.isEmpty() && !ended && demand > 0 && endHandler != null) {
        ended = true;
        endHandler.handle(null);
      }
    } finally {
      delivering = false;
    }
  }
}
