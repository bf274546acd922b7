package io.kdss.s3.conditional;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Dates as HTTP and S3 write them: IMF-fixdate in headers ({@code Wed, 12 Oct 2009 17:50:00 GMT};
 * the obsolete RFC 850 and asctime forms accepted on input, as RFC 9110 asks), ISO 8601 with
 * milliseconds in XML ({@code 2009-10-12T17:50:30.000Z}).
 */
public final class HttpDates {

  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter RFC_850 =
      DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private HttpDates() {
  }

  public static String format(Instant t) {
    return IMF_FIXDATE.format(t);
  }

  public static String iso(Instant t) {
    return ISO_MILLIS.format(t.truncatedTo(ChronoUnit.MILLIS));
  }

  /** Parses any of the three HTTP date forms; null when the value is none of them (it is then ignored). */
  public static Instant parse(String s) {
    if (s == null) {
      return null;
    }
    String v = s.strip();
    try {
      return IMF_FIXDATE.parse(v, Instant::from);
    } catch (DateTimeParseException e) {
      // try the obsolete forms
    }
    try {
      return RFC_850.parse(v, Instant::from);
    } catch (DateTimeParseException e) {
      // try asctime
    }
    try {
      return LocalDateTime.parse(v, ASCTIME).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
