package io.kdss.s3.handler;

import io.vertx.core.Future;

/** Serves the operations of one S3 resource or sub-resource; completes once the response is sent. */
public interface S3Handler {

  Future<Void> handle(S3Exchange x);
}
