package io.kdss.s3.handler;

import io.kdss.s3.backend.BodyDigest;
import io.kdss.s3.backend.ObjectHandle;
import io.kdss.s3.body.CheckingStage;
import io.kdss.s3.body.DigestCheck;
import io.kdss.s3.body.LengthCheck;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.ReadStream;
import java.util.HexFormat;
import java.util.List;

/** Moving object bytes with backpressure: to a client response, or from one object into a new write. */
final class BodyPipes {

  /** A read stream with the MD5 it computes, for copies (the new object's ETag). */
  record DigestedStream(ReadStream<Buffer> stream, BodyDigest digest) {
  }

  private BodyPipes() {
  }

  /**
   * Pipes {@code body} to the response (paused whenever the client's socket is full) and closes
   * the handle however it ends. A failure after the headers went out resets the connection:
   * the client sees a broken transfer, never a short body passed off as complete.
   */
  static Future<Void> toResponse(ReadStream<Buffer> body, HttpServerResponse response, ObjectHandle handle) {
    return body.pipe().endOnFailure(false).to(response)
        .onFailure(e -> response.reset())
        .onComplete(ar -> handle.close());
  }

  static DigestedStream digested(ReadStream<Buffer> source, long length) {
    DigestCheck md5 = DigestCheck.md5(null);
    CheckingStage stage = new CheckingStage(source, List.of(new LengthCheck(length, length), md5));
    return new DigestedStream(stage, new BodyDigest(() -> HexFormat.of().formatHex(md5.value())));
  }
}
