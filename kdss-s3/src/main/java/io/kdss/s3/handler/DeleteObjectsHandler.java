package io.kdss.s3.handler;

import io.kdss.s3.error.S3Exception;
import io.kdss.s3.xml.DeleteRequest;
import io.kdss.s3.xml.ObjectResultsXml;
import io.kdss.s3.xml.ObjectResultsXml.DeleteOutcome;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * DeleteObjects ({@code POST /bucket?delete}): each key is authorised (s3:DeleteObject) and
 * deleted on its own; one key's failure is reported in the result and does not stop the others.
 * Keys are deleted one after another to keep the backend's load bounded.
 */
final class DeleteObjectsHandler implements S3Handler {

  @Override
  public Future<Void> handle(S3Exchange x) {
    DeleteRequest req = DeleteRequest.parse(x.document().getBytes());
    String bucket = x.request().bucket();
    List<DeleteOutcome> outcomes = new ArrayList<>();
    Future<Void> chain = x.backend().bucket(bucket).mapEmpty();
    for (String key : req.keys()) {
      chain = chain.compose(v -> x.authorize("s3:DeleteObject", bucket, key)
          .compose(b -> x.backend().deleteObject(bucket, key))
          .transform(ar -> {
            outcomes.add(new DeleteOutcome(key, ar.succeeded() ? null : S3Exception.from(ar.cause())));
            return Future.<Void>succeededFuture();
          }));
    }
    return chain.compose(v -> x.sendXml(200, ObjectResultsXml.deleted(outcomes, req.quiet())));
  }
}
