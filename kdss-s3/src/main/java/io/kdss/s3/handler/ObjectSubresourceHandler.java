package io.kdss.s3.handler;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.request.S3Operation;
import io.kdss.s3.request.S3Request;
import io.kdss.s3.xml.ObjectResultsXml;
import io.kdss.s3.xml.TagSet;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/** DeleteObject (If-Match on it: NotImplemented), and the object's tag set (?tagging) and ACL (?acl, owner-only). */
final class ObjectSubresourceHandler implements S3Handler {

  static final List<String> CONDITIONAL_DELETE_HEADERS = List.of("if-match", "x-amz-if-match-last-modified-time",
      "x-amz-if-match-size");

  @Override
  public Future<Void> handle(S3Exchange x) {
    S3Request r = x.request();
    if (r.operation() == S3Operation.DeleteObject) {
      for (String h : CONDITIONAL_DELETE_HEADERS) {
        if (r.header(h) != null) {
          // Refused, never ignored: a client that sends it relies on the delete being conditional.
          throw new S3Exception(S3ErrorCode.NotImplemented, "A conditional DeleteObject (" + h + ") is not served yet.")
              .detail("Header", h);
        }
      }
    }
    return x.authorize().compose(b -> switch (r.operation()) {
      case DeleteObject -> x.backend().deleteObject(r.bucket(), r.key()).compose(v -> x.sendEmpty(204));
      case GetObjectTagging -> x.backend().objectTags(r.bucket(), r.key())
          .compose(tags -> x.sendXml(200, TagSet.write(tags)));
      case PutObjectTagging -> x.backend().putObjectTags(r.bucket(), r.key(),
          TagSet.parse(x.document().getBytes(), TagSet.MAX_OBJECT_TAGS)).compose(v -> x.sendEmpty(200));
      case DeleteObjectTagging -> x.backend().putObjectTags(r.bucket(), r.key(), Map.of()).compose(v -> x.sendEmpty(204));
      case GetObjectAcl -> x.backend().objectTags(r.bucket(), r.key())
          .compose(exists -> x.sendXml(200, ObjectResultsXml.ownerOnlyAcl(b.owner())));
      default -> throw new IllegalArgumentException(r.operation() + " is not an object sub-resource");
    });
  }
}
