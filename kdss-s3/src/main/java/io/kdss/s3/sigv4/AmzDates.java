package io.kdss.s3.sigv4;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The ISO-8601 basic timestamps of SigV4 ({@code 20130524T000000Z}). */
public final class AmzDates {

  public static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private AmzDates() {
  }

  public static Instant parseAmzDate(String s, S3ErrorCode onError) {
    try {
      return AMZ_DATE.parse(s, Instant::from);
    } catch (DateTimeParseException e) {
      throw new S3Exception(onError, "The date '" + s + "' is not in the ISO 8601 basic format yyyyMMdd'T'HHmmss'Z'.");
    }
  }

  public static String format(Instant t) {
    return AMZ_DATE.format(t);
  }
}
