package io.kdss.s3.handler;

import io.kdss.s3.backend.UploadsQuery;
import io.kdss.s3.request.S3Operation;
import io.kdss.s3.request.S3Request;
import io.kdss.s3.xml.MultipartResultsXml;
import io.vertx.core.Future;

/** ListParts of one upload, and ListMultipartUploads of a bucket. */
final class MultipartListingHandler implements S3Handler {

  static final int MAX_PARTS = 1000;
  static final int MAX_UPLOADS = 1000;

  @Override
  public Future<Void> handle(S3Exchange x) {
    S3Request r = x.request();
    if (r.operation() == S3Operation.ListParts) {
      int marker = ListParameters.limit(r, "part-number-marker", Integer.MAX_VALUE);
      int max = r.query("max-parts") == null ? MAX_PARTS : ListParameters.limit(r, "max-parts", MAX_PARTS);
      return x.authorize()
          .compose(b -> x.backend().listParts(r.bucket(), r.key(), r.query("uploadId"),
              r.query("part-number-marker") == null ? 0 : marker, max))
          .compose(page -> x.sendXml(200, MultipartResultsXml.parts(page,
              r.query("part-number-marker") == null ? 0 : marker, max)));
    }
    boolean url = ListParameters.urlEncoding(r);
    UploadsQuery q = new UploadsQuery(r.query("prefix"), r.query("delimiter"), r.query("key-marker"),
        r.query("upload-id-marker"), ListParameters.limit(r, "max-uploads", MAX_UPLOADS));
    return x.authorize().compose(b -> x.backend().listMultipartUploads(r.bucket(), q))
        .compose(page -> x.sendXml(200, MultipartResultsXml.uploads(r.bucket(), q, url, page)));
  }
}
