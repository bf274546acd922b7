package io.kdss.s3.body;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** Reads a stage to its end or failure, synchronously (the scripted sources are synchronous). */
final class Drain {

  final Buffer data = Buffer.buffer();
  Throwable failure;
  boolean ended;

  static Drain all(ReadStream<Buffer> s) {
    Drain d = new Drain();
    s.exceptionHandler(e -> d.failure = e);
    s.endHandler(v -> d.ended = true);
    s.handler(d.data::appendBuffer);
    s.resume();
    return d;
  }
}
