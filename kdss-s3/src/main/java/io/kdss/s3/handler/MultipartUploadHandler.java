package io.kdss.s3.handler;

import io.kdss.s3.backend.MultipartRules;
import io.kdss.s3.backend.ObjectHandle;
import io.kdss.s3.backend.PartInfo;
import io.kdss.s3.backend.WriteCondition;
import io.kdss.s3.body.RequestBody;
import io.kdss.s3.conditional.Preconditions;
import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.range.ByteRange;
import io.kdss.s3.request.S3Request;
import io.kdss.s3.xml.CompleteMultipartRequest;
import io.kdss.s3.xml.MultipartResultsXml;
import io.kdss.s3.xml.ObjectResultsXml;
import io.vertx.core.Future;
import java.util.Map;

/** The ?uploads / ?uploadId sub-resource of a key: create, upload a part (or copy one), complete, abort. */
final class MultipartUploadHandler implements S3Handler {

  @Override
  public Future<Void> handle(S3Exchange x) {
    S3Request r = x.request();
    return switch (r.operation()) {
      case CreateMultipartUpload -> {
        Map<String, String> tags = TaggingHeader.parse(r.header("x-amz-tagging"));
        yield x.authorize()
            .compose(b -> x.backend().createMultipartUpload(r.bucket(), r.key(), ObjectHeaders.fromRequest(r.http()),
                tags, x.ownerName()))
            .compose(u -> x.sendXml(200, MultipartResultsXml.initiated(u)));
      }
      case UploadPart -> uploadPart(x, partNumber(r));
      case UploadPartCopy -> uploadPartCopy(x, partNumber(r));
      case CompleteMultipartUpload -> complete(x, WriteCondition.of(r.header("if-none-match"), r.header("if-match")));
      case AbortMultipartUpload -> x.authorize()
          .compose(b -> x.backend().abortMultipartUpload(r.bucket(), r.key(), r.query("uploadId")))
          .compose(v -> x.sendEmpty(204));
      default -> throw new IllegalArgumentException(r.operation() + " is not a multipart write");
    };
  }

  private static Future<Void> complete(S3Exchange x, WriteCondition condition) {
    S3Request r = x.request();
    return x.authorize()
        .compose(b -> x.backend().completeMultipartUpload(r.bucket(), r.key(), r.query("uploadId"),
            CompleteMultipartRequest.parse(x.document().getBytes()), condition))
        .compose(info -> x.sendXml(200, MultipartResultsXml.completed("/" + r.bucket() + "/" + r.key(), info)));
  }

  private static Future<Void> uploadPart(S3Exchange x, int part) {
    S3Request r = x.request();
    return x.authorize().compose(b -> {
      RequestBody body = RequestBody.open(r.http(), x.http(), x.caller().signature(), MultipartRules.MAX_PART_SIZE);
      Continue.sendIfExpected(x);
      return x.backend().uploadPart(r.bucket(), r.key(), r.query("uploadId"), part, body.stream(), body.digest())
          .compose(p -> {
            x.response().putHeader("ETag", "\"" + p.etag() + "\"");
            body.checksumHeaders().forEach((k, v) -> x.response().putHeader(k, v));
            return x.sendEmpty(200);
          });
    });
  }

  private static Future<Void> uploadPartCopy(S3Exchange x, int part) {
    S3Request r = x.request();
    CopySource src = CopySource.parse(r.header("x-amz-copy-source"));
    return x.authorize()
        .compose(b -> x.authorize("s3:GetObject", src.bucket(), src.key()))
        .compose(b -> x.backend().openObject(src.bucket(), src.key()))
        .compose(handle -> copyPart(x, handle, part));
  }

  private static Future<Void> copyPart(S3Exchange x, ObjectHandle handle, int part) {
    S3Request r = x.request();
    long offset;
    long length;
    try {
      Preconditions.check(CopySource.conditions(r), handle.info().etag(), handle.info().lastModified(), false, x.now());
      String rangeHeader = r.header("x-amz-copy-source-range");
      ByteRange range = rangeHeader == null ? null : ByteRange.parseCopySource(rangeHeader, handle.info().size());
      offset = range == null ? 0 : range.first();
      length = range == null ? handle.info().size() : range.length();
      if (length > MultipartRules.MAX_PART_SIZE) {
        throw new S3Exception(S3ErrorCode.InvalidRequest, "A copied part is at most 5 GiB; use x-amz-copy-source-range.");
      }
    } catch (RuntimeException e) {
      handle.close();
      return Future.failedFuture(e);
    }
    BodyPipes.DigestedStream body = BodyPipes.digested(handle.read(offset, length), length);
    return x.backend().uploadPart(r.bucket(), r.key(), r.query("uploadId"), part, body.stream(), body.digest())
        .onComplete(ar -> handle.close())
        .compose(p -> x.sendXml(200, ObjectResultsXml.copied("CopyPartResult", p.etag(), p.lastModified())));
  }

  static int partNumber(S3Request r) {
    String v = r.query("partNumber");
    try {
      int n = Integer.parseInt(v == null ? "" : v.strip());
      if (n >= PartInfo.MIN_PART_NUMBER && n <= PartInfo.MAX_PART_NUMBER) {
        if (r.query("uploadId") == null) {
          throw new S3Exception(S3ErrorCode.InvalidRequest, "A part upload needs both partNumber and uploadId.");
        }
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new S3Exception(S3ErrorCode.InvalidArgument, "Part number must be an integer between 1 and 10000, inclusive")
        .detail("ArgumentName", "partNumber").detail("ArgumentValue", String.valueOf(v));
  }
}
