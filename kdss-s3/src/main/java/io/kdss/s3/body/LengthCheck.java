package io.kdss.s3.body;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.vertx.core.buffer.Buffer;

/**
 * The body must be exactly {@code expected} bytes (IncompleteBody otherwise), and never more
 * than {@code max} (EntityTooLarge, raised as soon as it is exceeded, not at the end).
 */
public final class LengthCheck implements BodyCheck {

  private final long expected;
  private final long max;
  private long seen;

  public LengthCheck(long expected, long max) {
    this.expected = expected;
    this.max = max;
  }

  @Override
  public void update(Buffer data) {
    seen += data.length();
    if (seen > max) {
      throw new S3Exception(S3ErrorCode.EntityTooLarge).detail("MaxSizeAllowed", Long.toString(max));
    }
    if (seen > expected) {
      throw new S3Exception(S3ErrorCode.IncompleteBody,
          "The body is longer than its declared length of " + expected + " bytes.");
    }
  }

  @Override
  public void finish() {
    if (seen != expected) {
      throw new S3Exception(S3ErrorCode.IncompleteBody, "You did not provide the number of bytes specified by the"
          + " Content-Length HTTP header: " + seen + " of " + expected + " bytes arrived.");
    }
  }

  public long seen() {
    return seen;
  }
}
