package io.kdss.s3.body;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * Reads a small request document (XML configuration, policy JSON) into memory, refusing it as
 * soon as it passes {@code maxBytes}: the only place a body is held whole, so it is bounded.
 */
public final class SmallBody {

  private SmallBody() {
  }

  public static Future<Buffer> collect(ReadStream<Buffer> stream, int maxBytes) {
    Promise<Buffer> promise = Promise.promise();
    Buffer all = Buffer.buffer();
    stream.exceptionHandler(promise::tryFail);
    stream.endHandler(v -> promise.tryComplete(all));
    stream.handler(b -> {
      if (all.length() + b.length() > maxBytes) {
        stream.handler(null);
        promise.tryFail(new S3Exception(S3ErrorCode.MaxMessageLengthExceeded,
            "The request document is larger than " + maxBytes + " bytes."));
        return;
      }
      all.appendBuffer(b);
    });
    stream.resume();
    return promise.future();
  }
}
