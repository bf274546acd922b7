package io.kdss.s3.handler;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.request.S3Request;
import io.kdss.s3.sigv4.QueryParam;
import io.kdss.s3.xml.TagSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code x-amz-tagging: k1=v1&k2=v2} (URL-encoded) on PutObject, CreateMultipartUpload and
 * CopyObject (with REPLACE), with the limits of a tag set.
 */
final class TaggingHeader {

  private TaggingHeader() {
  }

  /**
   * Whether a CopyObject takes its tag set from {@code x-amz-tagging} ({@code x-amz-tagging-directive:
   * REPLACE}) rather than from the source (COPY, the default); any other directive is InvalidArgument.
   */
  static boolean replacing(S3Request r) {
    String directive = r.header("x-amz-tagging-directive");
    if (directive == null || directive.equals("COPY")) {
      return false;
    }
    if (directive.equals("REPLACE")) {
      return true;
    }
    throw new S3Exception(S3ErrorCode.InvalidArgument, "Unknown tagging directive.")
        .detail("ArgumentName", "x-amz-tagging-directive").detail("ArgumentValue", directive);
  }

  static Map<String, String> parse(String header) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (header == null || header.isBlank()) {
      return tags;
    }
    for (QueryParam p : QueryParam.parse(header)) {
      if (p.name().isEmpty() || p.name().length() > TagSet.MAX_KEY_CHARS || p.value().length() > TagSet.MAX_VALUE_CHARS) {
        throw new S3Exception(S3ErrorCode.InvalidTag, "The x-amz-tagging header holds an invalid tag: '" + p.name() + "'.");
      }
      if (tags.put(p.name(), p.value()) != null) {
        throw new S3Exception(S3ErrorCode.InvalidTag, "Cannot provide multiple Tags with the same key: " + p.name());
      }
    }
    if (tags.size() > TagSet.MAX_OBJECT_TAGS) {
      throw new S3Exception(S3ErrorCode.InvalidTag, "Object tags cannot be greater than " + TagSet.MAX_OBJECT_TAGS);
    }
    return tags;
  }
}
