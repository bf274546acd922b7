package io.kdss.s3.handler;

import io.kdss.s3.xml.ListResultsXml;
import io.vertx.core.Future;

/** {@code GET /}: ListBuckets (the admin sees every bucket, a user its own). */
final class ServiceHandler implements S3Handler {

  @Override
  public Future<Void> handle(S3Exchange x) {
    x.authorizeAccount("s3:ListAllMyBuckets", "arn:aws:s3:::*");
    String owner = x.caller().admin() ? null : x.caller().userName();
    return x.backend().listBuckets(owner)
        .compose(list -> x.sendXml(200, ListResultsXml.buckets(x.caller().userName(), list)));
  }
}
