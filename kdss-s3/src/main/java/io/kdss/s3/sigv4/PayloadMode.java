package io.kdss.s3.sigv4;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;

/**
 * What {@code x-amz-content-sha256} says about the body: its SHA-256 (checked as it flows),
 * not signed at all, or aws-chunked with signed chunks and/or trailing checksum headers.
 */
public enum PayloadMode {
  /** The header holds the hex SHA-256 of the body. */
  SIGNED(null, false, false, false),
  UNSIGNED("UNSIGNED-PAYLOAD", false, false, false),
  STREAMING_SIGNED("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", true, true, false),
  STREAMING_SIGNED_TRAILER("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", true, true, true),
  STREAMING_UNSIGNED_TRAILER("STREAMING-UNSIGNED-PAYLOAD-TRAILER", true, false, true);

  /** The ECDSA (SigV4a) streaming variant, recognised only to be refused clearly. */
  public static final String STREAMING_ECDSA = "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD";

  private final String headerValue;
  private final boolean chunked;
  private final boolean signedChunks;
  private final boolean trailer;

  PayloadMode(String headerValue, boolean chunked, boolean signedChunks, boolean trailer) {
    this.headerValue = headerValue;
    this.chunked = chunked;
    this.signedChunks = signedChunks;
    this.trailer = trailer;
  }

  /** The mode of a header value; InvalidArgument for anything that is none of them. */
  public static PayloadMode of(String contentSha256) {
    for (PayloadMode m : values()) {
      if (m.headerValue != null && m.headerValue.equals(contentSha256)) {
        return m;
      }
    }
    if (contentSha256.length() == 64 && contentSha256.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
      return SIGNED;
    }
    if (contentSha256.startsWith("STREAMING-AWS4-ECDSA")) {
      throw new S3Exception(S3ErrorCode.NotImplemented, "SigV4a (" + contentSha256 + ") is not supported; sign with"
          + " AWS4-HMAC-SHA256.");
    }
    throw new S3Exception(S3ErrorCode.InvalidArgument, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD,"
        + " STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER), STREAMING-UNSIGNED-PAYLOAD-TRAILER or the hex SHA-256"
        + " of the body; it was '" + contentSha256 + "'.").detail("ArgumentName", "x-amz-content-sha256")
        .detail("ArgumentValue", contentSha256);
  }

  public boolean chunked() {
    return chunked;
  }

  public boolean signedChunks() {
    return signedChunks;
  }

  public boolean trailer() {
    return trailer;
  }
}
