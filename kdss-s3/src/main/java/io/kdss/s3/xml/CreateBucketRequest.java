package io.kdss.s3.xml;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;

/** The optional body of CreateBucket; its LocationConstraint must be this gateway's region. */
public final class CreateBucketRequest {

  public static final int MAX_BYTES = 64 * 1024;

  private CreateBucketRequest() {
  }

  /** Checks the body (empty is fine) against {@code region}. */
  public static void check(byte[] xml, String region) {
    if (xml.length == 0) {
      return;
    }
    XmlElement root = SafeXmlReader.parse(xml, MAX_BYTES, "CreateBucketConfiguration");
    String location = root.childText("LocationConstraint");
    if (location != null && !location.strip().isEmpty() && !location.strip().equals(region)) {
      throw new S3Exception(S3ErrorCode.InvalidLocationConstraint, "The specified location constraint '"
          + location.strip() + "' is not valid: this endpoint serves region '" + region + "'.")
          .detail("LocationConstraint", location.strip());
    }
  }
}
