package io.kdss.s3.handler;

import io.kdss.s3.backend.ObjectMeta;
import io.kdss.s3.backend.WriteCondition;
import io.kdss.s3.body.RequestBody;
import io.kdss.s3.request.S3Request;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.Map;

/**
 * PutObject: authorise before reading a byte (an unauthorised client that asked for
 * {@code 100-continue} never sends its body), then stream the body through its checks into the
 * backend, which makes the object visible only if the body ended intact. A conditional PUT
 * (If-None-Match: *, If-Match) is checked by the backend before it reads the body, so its
 * {@code 100 Continue} waits for the backend's first read.
 */
final class PutObjectHandler implements S3Handler {

  @Override
  public Future<Void> handle(S3Exchange x) {
    S3Request r = x.request();
    ObjectMeta meta = ObjectHeaders.fromRequest(r.http());
    Map<String, String> tags = TaggingHeader.parse(r.header("x-amz-tagging"));
    WriteCondition condition = WriteCondition.of(r.header("if-none-match"), r.header("if-match"));
    return x.authorize().compose(b -> {
      RequestBody body = RequestBody.open(r.http(), x.http(), x.caller().signature(),
          x.gateway().options().maxObjectSize());
      ReadStream<Buffer> stream = body.stream();
      if (condition.conditional()) {
        stream = Continue.onFirstDemand(x, stream);
      } else {
        Continue.sendIfExpected(x);
      }
      return x.backend().putObject(r.bucket(), r.key(), meta, tags, condition, stream, body.digest())
          .compose(info -> {
            x.response().putHeader("ETag", info.quotedEtag());
            body.checksumHeaders().forEach((k, v) -> x.response().putHeader(k, v));
            return x.sendEmpty(200);
          });
    });
  }
}
