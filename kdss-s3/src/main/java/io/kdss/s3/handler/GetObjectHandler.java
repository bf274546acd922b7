package io.kdss.s3.handler;

import io.kdss.s3.backend.ObjectHandle;
import io.kdss.s3.backend.ObjectInfo;
import io.kdss.s3.conditional.HttpDates;
import io.kdss.s3.conditional.Preconditions;
import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.range.ByteRange;
import io.kdss.s3.request.S3Operation;
import io.kdss.s3.request.S3Request;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GetObject and HeadObject, which answer the same headers: conditionals on the opened version,
 * then an optional single range, then the body streamed at the client's pace (GET only).
 */
final class GetObjectHandler implements S3Handler {

  static final List<String> OVERRIDES = List.of("response-content-type", "response-content-language",
      "response-expires", "response-cache-control", "response-content-disposition", "response-content-encoding");

  @Override
  public Future<Void> handle(S3Exchange x) {
    S3Request r = x.request();
    Map<String, String> overrides = overrides(x);
    return x.authorize().compose(b -> x.backend().openObject(r.bucket(), r.key())).compose(handle -> {
      try {
        return serve(x, handle, overrides);
      } catch (RuntimeException e) {
        handle.close();
        return Future.failedFuture(e);
      }
    });
  }

  private static Future<Void> serve(S3Exchange x, ObjectHandle handle, Map<String, String> overrides) {
    S3Request r = x.request();
    ObjectInfo info = handle.info();
    boolean head = r.operation() == S3Operation.HeadObject;
    Preconditions.Conditions c = new Preconditions.Conditions(r.header("if-match"), r.header("if-none-match"),
        r.header("if-modified-since"), r.header("if-unmodified-since"));
    try {
      Preconditions.check(c, info.etag(), info.lastModified(), true, x.now());
    } catch (S3Exception e) {
      if (e.code() == S3ErrorCode.NotModified) {
        e.header("ETag", info.quotedEtag()).header("Last-Modified", HttpDates.format(info.lastModified()));
      }
      throw e;
    }
    Integer part = partNumber(r, info);
    ByteRange range = part != null ? ByteRange.whole(info.size()) : ByteRange.parse(r.header("range"), info.size());
    var resp = x.response();
    ObjectHeaders.write(info, overrides, resp);
    long offset = range == null ? 0 : range.first();
    long length = range == null ? info.size() : range.length();
    if (part != null) {
      resp.putHeader("x-amz-mp-parts-count", "1");
    }
    if (range != null) {
      resp.setStatusCode(206);
      if (range.length() > 0) {
        resp.putHeader("Content-Range", range.contentRange(info.size()));
      }
    } else {
      resp.setStatusCode(200);
    }
    resp.putHeader("Content-Length", Long.toString(length));
    if (head || length == 0) {
      handle.close();
      return resp.end();
    }
    return BodyPipes.toResponse(handle.read(offset, length), resp, handle);
  }

  /**
   * {@code ?partNumber=N}: a ranged GET of part N. Part boundaries of a completed multipart
   * upload are not kept (its extents are one object), so every object answers as one part:
   * part 1 is the whole object (206, {@code x-amz-mp-parts-count: 1}, which is what the SDKs'
   * part-wise downloads read first), a higher part of a single-part object is
   * InvalidPartNumber as on S3, and of a multipart one NotImplemented rather than wrong bytes.
   */
  private static Integer partNumber(S3Request r, ObjectInfo info) {
    String raw = r.query("partNumber");
    if (raw == null) {
      return null;
    }
    int n;
    try {
      n = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1 || n > 10_000) {
      throw new S3Exception(S3ErrorCode.InvalidArgument, "Part number must be an integer between 1 and 10000, inclusive")
          .detail("ArgumentName", "partNumber").detail("ArgumentValue", raw);
    }
    if (r.header("range") != null) {
      throw new S3Exception(S3ErrorCode.InvalidRequest, "Cannot specify both Range header and partNumber query parameter");
    }
    if (n > 1) {
      if (info.etag().contains("-")) {
        throw new S3Exception(S3ErrorCode.NotImplemented, "Reading part " + n + " of a multipart object is not"
            + " supported: part boundaries are not kept after completion; read it with a Range header");
      }
      throw new S3Exception(S3ErrorCode.InvalidPartNumber).detail("PartNumberRequested", raw)
          .detail("ActualPartCount", "1");
    }
    return n;
  }

  private static Map<String, String> overrides(S3Exchange x) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : OVERRIDES) {
      String v = x.request().query(name);
      if (v != null) {
        out.put(name, v);
      }
    }
    if (!out.isEmpty() && x.caller().anonymous()) {
      throw new S3Exception(S3ErrorCode.InvalidRequest,
          "Request specific response headers cannot be used for anonymous GET requests.");
    }
    return out;
  }
}
