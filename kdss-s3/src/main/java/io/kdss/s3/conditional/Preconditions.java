package io.kdss.s3.conditional;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Conditional request evaluation in the order RFC 9110 section 13.2.2 gives and S3 follows:
 * If-Match (else If-Unmodified-Since) can fail with 412; then If-None-Match (else
 * If-Modified-Since) gives 304 for GET/HEAD and 412 otherwise. So a true If-Match with a false
 * If-Unmodified-Since serves the object, and a false If-None-Match with a true If-Modified-Since
 * answers 304, as S3 documents. If-Modified-Since with a date in the future (or one that does not
 * parse) is ignored; for copies ({@code x-amz-copy-source-if-modified-since}) a source not
 * modified since a valid date is 412. Dates compare at one-second precision.
 */
public final class Preconditions {

  /**
   * The four header values (null when absent) of one request, and the prefix their header names
   * carry ({@code x-amz-copy-source-} for copies), which the 412's {@code Condition} names.
   */
  public record Conditions(String ifMatch, String ifNoneMatch, String ifModifiedSince, String ifUnmodifiedSince,
      String headerPrefix) {

    /** The conditions of a GET or HEAD: {@code If-Match}... */
    public Conditions(String ifMatch, String ifNoneMatch, String ifModifiedSince, String ifUnmodifiedSince) {
      this(ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince, "");
    }

    public boolean any() {
      return ifMatch != null || ifNoneMatch != null || ifModifiedSince != null || ifUnmodifiedSince != null;
    }

    /** The name of the header holding a condition, as the request spelled its family. */
    String headerName(String name) {
      return headerPrefix.isEmpty() ? name : headerPrefix + name.toLowerCase(Locale.ROOT);
    }
  }

  public enum Outcome { PROCEED, NOT_MODIFIED, PRECONDITION_FAILED }

  /** An outcome and the condition that decided it (null when the request proceeds). */
  private record Verdict(Outcome outcome, String condition) {
  }

  private static final Verdict NO_STOP = new Verdict(Outcome.PROCEED, null);

  private Preconditions() {
  }

  public static Outcome evaluate(Conditions c, String etag, Instant lastModified, boolean getOrHead, Instant now) {
    return decide(c, etag, lastModified, getOrHead, now).outcome();
  }

  private static Verdict decide(Conditions c, String etag, Instant lastModified, boolean getOrHead, Instant now) {
    Instant modified = lastModified.truncatedTo(ChronoUnit.SECONDS);
    if (c.ifMatch() != null) {
      if (!matches(c.ifMatch(), etag)) {
        return new Verdict(Outcome.PRECONDITION_FAILED, "If-Match");
      }
    } else {
      Instant since = HttpDates.parse(c.ifUnmodifiedSince());
      if (since != null && modified.isAfter(since)) {
        return new Verdict(Outcome.PRECONDITION_FAILED, "If-Unmodified-Since");
      }
    }
    Outcome stop = getOrHead ? Outcome.NOT_MODIFIED : Outcome.PRECONDITION_FAILED;
    if (c.ifNoneMatch() != null) {
      if (matches(c.ifNoneMatch(), etag)) {
        return new Verdict(stop, "If-None-Match");
      }
    } else {
      Instant since = HttpDates.parse(c.ifModifiedSince());
      if (since != null && !since.isAfter(now) && !modified.isAfter(since)) {
        return new Verdict(stop, "If-Modified-Since");
      }
    }
    return NO_STOP;
  }

  /**
   * Evaluates and throws NotModified (304) or PreconditionFailed (412, its {@code Condition}
   * naming the header that failed) when the request must stop.
   */
  public static void check(Conditions c, String etag, Instant lastModified, boolean getOrHead, Instant now) {
    Verdict v = decide(c, etag, lastModified, getOrHead, now);
    switch (v.outcome()) {
      case NOT_MODIFIED -> throw new S3Exception(S3ErrorCode.NotModified);
      case PRECONDITION_FAILED -> throw new S3Exception(S3ErrorCode.PreconditionFailed)
          .detail("Condition", c.headerName(v.condition()));
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
