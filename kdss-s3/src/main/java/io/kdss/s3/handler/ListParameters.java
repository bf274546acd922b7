package io.kdss.s3.handler;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.request.S3Request;

/** The paging parameters listings share: max-keys style limits and encoding-type. */
final class ListParameters {

  private ListParameters() {
  }

  /** A limit such as max-keys: default when absent, capped at {@code max}, InvalidArgument when not a number >= 0. */
  static int limit(S3Request r, String name, int max) {
    String v = r.query(name);
    if (v == null) {
      return max;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= 0) {
        return Math.min(n, max);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new S3Exception(S3ErrorCode.InvalidArgument, "Provided " + name + " not an integer or within integer range")
        .detail("ArgumentName", name).detail("ArgumentValue", v);
  }

  /** Whether keys are to be URL-encoded; InvalidArgument for an encoding other than "url". */
  static boolean urlEncoding(S3Request r) {
    String v = r.query("encoding-type");
    if (v == null) {
      return false;
    }
    if (v.equals("url")) {
      return true;
    }
    throw new S3Exception(S3ErrorCode.InvalidArgument, "Invalid Encoding Method specified in Request")
        .detail("ArgumentName", "encoding-type").detail("ArgumentValue", v);
  }
}
