package io.kdss.s3.handler;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** {@code Expect: 100-continue}: answered only once the request is known to be acceptable. */
final class Continue {

  private Continue() {
  }

  static void sendIfExpected(S3Exchange x) {
    String expect = x.request().header("expect");
    if (expect != null && expect.equalsIgnoreCase("100-continue") && !x.response().headWritten()) {
      x.response().writeContinue();
    }
  }

  /**
   * The body, with {@code 100 Continue} sent when the backend first asks for bytes rather than
   * now: a conditional write is refused by the backend before it reads (the key exists), and the
   * client that waits for the interim response then never sends its body.
   */
  static ReadStream<Buffer> onFirstDemand(S3Exchange x, ReadStream<Buffer> body) {
    return new OnDemand(x, body);
  }

  private static final class OnDemand implements ReadStream<Buffer> {

    private final S3Exchange x;
    private final ReadStream<Buffer> body;
    private boolean sent;

    OnDemand(S3Exchange x, ReadStream<Buffer> body) {
      this.x = x;
      this.body = body;
    }

    private void demanded() {
      if (!sent) {
        sent = true;
        sendIfExpected(x);
      }
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      body.exceptionHandler(handler);
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
      body.handler(handler);
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      body.pause();
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      demanded();
      body.resume();
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      demanded();
      body.fetch(amount);
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
      body.endHandler(endHandler);
      return this;
    }
  }
}
