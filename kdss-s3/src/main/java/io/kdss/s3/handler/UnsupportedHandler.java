package io.kdss.s3.handler;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.vertx.core.Future;

/** Sub-resources KDSS does not serve (lifecycle, website, ACL writes...): NotImplemented, naming them. */
final class UnsupportedHandler implements S3Handler {

  @Override
  public Future<Void> handle(S3Exchange x) {
    String what = x.request().http().query().isEmpty() ? x.request().http().method()
        : x.request().http().method() + " ?" + x.request().http().query().get(0).name();
    return Future.failedFuture(new S3Exception(S3ErrorCode.NotImplemented,
        "KDSS does not implement " + what + " on this resource."));
  }
}
