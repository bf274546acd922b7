package io.kdss.s3.handler;

import io.kdss.s3.backend.ObjectMeta;
import io.kdss.s3.body.RequestBody;
import io.kdss.s3.request.S3Request;
import io.vertx.core.Future;
import java.util.Map;

/**
 * PutObject: authorise before reading a byte (an unauthorised client that asked for
 * {@code 100-continue} never sends its body), then stream the body through its checks into the
 * backend, which makes the object visible only if the body ended intact.
 */
final class PutObjectHandler implements S3Handler {

  @Override
  public Future<Void> handle(S3Exchange x) {
    S3Request r = x.request();
    ObjectMeta meta = ObjectHeaders.fromRequest(r.http());
    Map<String, String> tags = TaggingHeader.parse(r.header("x-amz-tagging"));
    return x.authorize().compose(b -> {
      RequestBody body = RequestBody.open(r.http(), x.http(), x.caller().signature(),
          x.gateway().options().maxObjectSize());
      Continue.sendIfExpected(x);
      return x.backend().putObject(r.bucket(), r.key(), meta, tags, body.stream(), body.digest())
          .compose(info -> {
            x.response().putHeader("ETag", info.quotedEtag());
            body.checksumHeaders().forEach((k, v) -> x.response().putHeader(k, v));
            return x.sendEmpty(200);
          });
    });
  }
}
