package io.kdss.s3.handler;

import io.kdss.s3.backend.BucketConfig;
import io.kdss.s3.cors.CorsEvaluator;
import io.kdss.s3.xml.CorsXml;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;

/** {@code OPTIONS /bucket[/key]}: a CORS preflight, answered from the bucket's CORS configuration without auth. */
final class PreflightHandler implements S3Handler {

  @Override
  public Future<Void> handle(S3Exchange x) {
    return x.backend().bucketConfig(x.request().bucket(), BucketConfig.CORS).compose(doc -> {
      var config = doc.map(d -> CorsXml.parse(d.getBytes(StandardCharsets.UTF_8))).orElse(null);
      var headers = CorsEvaluator.preflight(config, x.request().header("origin"),
          x.request().header("access-control-request-method"), x.request().header("access-control-request-headers"));
      headers.forEach((k, v) -> x.response().putHeader(k, v));
      return x.sendEmpty(200);
    });
  }
}
