package io.kdss.client;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.Random;
import java.util.zip.CRC32C;

/** A read stream of {@code total} pseudo-random bytes in chunks, honouring pause/fetch (a client uploading). */
final class GeneratedStream implements ReadStream<Buffer> {

  private final Context context;
  private final Random random;
  private final long total;
  private final int chunk;
  private long sent;
  private long demand;
  private boolean scheduled;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  final CRC32C crc = new CRC32C();

  GeneratedStream(Context context, long seed, long total, int chunk) {
    this.context = context;
    this.random = new Random(seed);
    this.total = total;
    this.chunk = chunk;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.handler = handler;
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
    schedule();
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  private void schedule() {
    if (!scheduled) {
      scheduled = true;
      context.runOnContext(v -> emit());
    }
  }

  private void emit() {
    scheduled = false;
    int burst = 0;
    while (demand > 0 && sent < total && burst++ < 16) {
      byte[] b = new byte[(int) Math.min(chunk, total - sent)];
      random.nextBytes(b);
      crc.update(b);
      sent += b.length;
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
      handler.handle(Buffer.buffer(b));
    }
    if (sent == total && demand > 0 && endHandler != null) {
      Handler<Void> h = endHandler;
      endHandler = null;
      h.handle(null);
    } else if (demand > 0 && sent < total) {
      schedule();
    }
  }
}
