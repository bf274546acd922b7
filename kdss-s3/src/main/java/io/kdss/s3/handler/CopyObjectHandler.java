package io.kdss.s3.handler;

import io.kdss.s3.backend.ObjectHandle;
import io.kdss.s3.backend.ObjectInfo;
import io.kdss.s3.backend.ObjectMeta;
import io.kdss.s3.backend.WriteCondition;
import io.kdss.s3.conditional.Preconditions;
import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.request.S3Request;
import io.kdss.s3.xml.ObjectResultsXml;
import io.vertx.core.Future;
import java.util.Map;

/**
 * CopyObject: needs s3:PutObject on the target and s3:GetObject on the source; streams the
 * source version into a new object with its metadata copied (COPY, the default) or taken from
 * this request (REPLACE), and likewise its tag set ({@code x-amz-tagging-directive} COPY, the
 * default, or REPLACE with the tags of {@code x-amz-tagging}). If-None-Match / If-Match are
 * conditions on the target (the x-amz-copy-source-if-* ones on the source).
 */
final class CopyObjectHandler implements S3Handler {

  @Override
  public Future<Void> handle(S3Exchange x) {
    S3Request r = x.request();
    CopySource src = CopySource.parse(r.header("x-amz-copy-source"));
    String directive = r.header("x-amz-metadata-directive") == null ? "COPY" : r.header("x-amz-metadata-directive");
    if (!directive.equals("COPY") && !directive.equals("REPLACE")) {
      throw new S3Exception(S3ErrorCode.InvalidArgument, "Unknown metadata directive.")
          .detail("ArgumentName", "x-amz-metadata-directive").detail("ArgumentValue", directive);
    }
    boolean replace = directive.equals("REPLACE");
    if (!replace && src.bucket().equals(r.bucket()) && src.key().equals(r.key())) {
      throw new S3Exception(S3ErrorCode.InvalidRequest, "This copy request is illegal because it is trying to copy an"
          + " object to itself without changing the object's metadata, storage class, website redirect location or"
          + " encryption attributes.");
    }
    ObjectMeta requested = replace ? ObjectHeaders.fromRequest(r.http()) : null;
    Map<String, String> requestedTags =
        TaggingHeader.replacing(r) ? TaggingHeader.parse(r.header("x-amz-tagging")) : null;
    WriteCondition condition = WriteCondition.of(r.header("if-none-match"), r.header("if-match"));
    return x.authorize()
        .compose(b -> x.authorize("s3:GetObject", src.bucket(), src.key()))
        .compose(b -> x.backend().openObject(src.bucket(), src.key()))
        .compose(handle -> copy(x, handle, requested, requestedTags, condition));
  }

  private static Future<Void> copy(S3Exchange x, ObjectHandle handle, ObjectMeta requested,
      Map<String, String> requestedTags, WriteCondition condition) {
    ObjectInfo source = handle.info();
    try {
      Preconditions.check(CopySource.conditions(x.request()), source.etag(), source.lastModified(), false, x.now());
      if (source.size() > CopySource.MAX_COPY_BYTES) {
        throw new S3Exception(S3ErrorCode.InvalidRequest, "The specified copy source is larger than the maximum"
            + " allowable size for a copy source: " + CopySource.MAX_COPY_BYTES);
      }
    } catch (RuntimeException e) {
      handle.close();
      return Future.failedFuture(e);
    }
    BodyPipes.DigestedStream body = BodyPipes.digested(handle.read(0, source.size()), source.size());
    ObjectMeta meta = requested != null ? requested : source.meta();
    Map<String, String> tags = requestedTags != null ? requestedTags : handle.tags();
    return x.backend().putObject(x.request().bucket(), x.request().key(), meta, tags, condition, body.stream(),
            body.digest())
        .onComplete(ar -> handle.close())
        .compose(info -> x.sendXml(200, ObjectResultsXml.copied(info)));
  }
}
