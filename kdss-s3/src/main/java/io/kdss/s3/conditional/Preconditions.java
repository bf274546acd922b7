package io.kdss.s3.conditional;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Conditional request evaluation in the order RFC 9110 section 13.2.2 gives and S3 follows:
 * If-Match (else If-Unmodified-Since) can fail with 412; then If-None-Match (else
 * If-Modified-Since, for GET and HEAD only) gives 304 for GET/HEAD and 412 otherwise. So a true
 * If-Match with a false If-Unmodified-Since serves the object, and a false If-None-Match with a
 * true If-Modified-Since answers 304, as S3 documents. Dates compare at one-second precision.
 */
public final class Preconditions {

  /** The four header values (null when absent) of one request. */
  public record Conditions(String ifMatch, String ifNoneMatch, String ifModifiedSince, String ifUnmodifiedSince) {

    public boolean any() {
      return ifMatch != null || ifNoneMatch != null || ifModifiedSince != null || ifUnmodifiedSince != null;
    }
  }

  public enum Outcome { PROCEED, NOT_MODIFIED, PRECONDITION_FAILED }

  private Preconditions() {
  }

  public static Outcome evaluate(Conditions c, String etag, Instant lastModified, boolean getOrHead, Instant now) {
    Instant modified = lastModified.truncatedTo(ChronoUnit.SECONDS);
    if (c.ifMatch() != null) {
      if (!matches(c.ifMatch(), etag)) {
        return Outcome.PRECONDITION_FAILED;
      }
    } else {
      Instant since = HttpDates.parse(c.ifUnmodifiedSince());
      if (since != null && modified.isAfter(since)) {
        return Outcome.PRECONDITION_FAILED;
      }
    }
    if (c.ifNoneMatch() != null) {
      if (matches(c.ifNoneMatch(), etag)) {
        return getOrHead ? Outcome.NOT_MODIFIED : Outcome.PRECONDITION_FAILED;
      }
    } else if (getOrHead) {
      Instant since = HttpDates.parse(c.ifModifiedSince());
      if (since != null && !since.isAfter(now) && !modified.isAfter(since)) {
        return Outcome.NOT_MODIFIED;
      }
    }
    return Outcome.PROCEED;
  }

  /** Evaluates and throws NotModified (304) or PreconditionFailed (412) when the request must stop. */
  public static void check(Conditions c, String etag, Instant lastModified, boolean getOrHead, Instant now) {
    switch (evaluate(c, etag, lastModified, getOrHead, now)) {
      case NOT_MODIFIED -> throw new S3Exception(S3ErrorCode.NotModified);
      case PRECONDITION_FAILED -> throw new S3Exception(S3ErrorCode.PreconditionFailed)
          .detail("Condition", c.ifMatch() != null ? "If-Match" : c.ifUnmodifiedSince() != null
              ? "If-Unmodified-Since" : "If-None-Match");
      case PROCEED -> {
      }
    }
  }

  /** Whether an entity-tag list ({@code *}, or quoted tags, weak or not, comma-separated) names {@code etag}. */
  static boolean matches(String list, String etag) {
    for (String part : list.split(",")) {
      String t = part.strip();
      if (t.equals("*")) {
        return true;
      }
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
        t = t.substring(1, t.length() - 1);
      }
      if (t.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
