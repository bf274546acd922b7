package io.kdss.s3.conditional;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.s3.conditional.Preconditions.Conditions;
import io.kdss.s3.conditional.Preconditions.Outcome;
import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One row per rule and per precedence case of S3's conditional GET/PUT; the object has ETag
 * "abc" and was modified at 2024-01-01T12:00:00.500Z. T-1/T/T+1 are seconds around that time.
 */
class PreconditionsTest {

  private static final Instant MODIFIED = Instant.parse("2024-01-01T12:00:00.500Z");
  private static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");

  @ParameterizedTest(name = "[{index}] match={0} none={1} since={2} unmod={3} get={4} -> {5}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "-|-|-|-|true|PROCEED",
      "\"abc\"|-|-|-|true|PROCEED",
      "abc|-|-|-|true|PROCEED",
      "\"x\", \"abc\"|-|-|-|true|PROCEED",
      "*|-|-|-|true|PROCEED",
      "\"x\"|-|-|-|true|PRECONDITION_FAILED",
      "\"x\"|-|-|-|false|PRECONDITION_FAILED",
      "-|\"abc\"|-|-|true|NOT_MODIFIED",
      "-|W/\"abc\"|-|-|true|NOT_MODIFIED",
      "-|*|-|-|true|NOT_MODIFIED",
      "-|\"abc\"|-|-|false|PRECONDITION_FAILED",
      "-|\"x\"|-|-|true|PROCEED",
      "-|-|T|-|true|NOT_MODIFIED",
      "-|-|T+1|-|true|NOT_MODIFIED",
      "-|-|T-1|-|true|PROCEED",
      "-|-|T-1|-|false|PROCEED",
      // x-amz-copy-source-if-modified-since: a source not modified since a valid past date is 412
      "-|-|T|-|false|PRECONDITION_FAILED",
      "-|-|T+1|-|false|PRECONDITION_FAILED",
      "-|-|FUTURE|-|false|PROCEED",
      "-|-|garbage|-|false|PROCEED",
      "-|\"x\"|T+1|-|false|PROCEED",
      "-|-|FUTURE|-|true|PROCEED",
      "-|-|garbage|-|true|PROCEED",
      "-|-|-|T|true|PROCEED",
      "-|-|-|T-1|true|PRECONDITION_FAILED",
      "-|-|-|T-1|false|PRECONDITION_FAILED",
      "-|-|-|T+1|true|PROCEED",
      // S3's documented precedence: If-Match true wins over If-Unmodified-Since false
      "\"abc\"|-|-|T-1|true|PROCEED",
      // If-None-Match false (no match) wins over If-Modified-Since true... and 304 when it matches
      "-|\"x\"|T+1|-|true|PROCEED",
      "-|\"abc\"|T-1|-|true|NOT_MODIFIED",
      // a failing If-Match is checked before If-None-Match
      "\"x\"|\"abc\"|-|-|true|PRECONDITION_FAILED"})
  void awsPrecedence(String ifMatch, String ifNoneMatch, String since, String unmodified, boolean get, Outcome expected) {
    Conditions c = new Conditions(ifMatch, ifNoneMatch, date(since), date(unmodified));
    assertThat(Preconditions.evaluate(c, "abc", MODIFIED, get, NOW)).isEqualTo(expected);
  }

  @Test
  void theConditionNamesTheHeaderThatFailedInTheRequestsFamily() {
    String t = HttpDates.format(MODIFIED.plusSeconds(60));
    assertThat(condition(new Conditions("\"abc\"", "\"abc\"", null, null), true)).isNull();
    assertThat(condition(new Conditions("\"abc\"", "\"abc\"", null, null), false)).isEqualTo("If-None-Match");
    assertThat(condition(new Conditions(null, null, null, HttpDates.format(MODIFIED.minusSeconds(60)),
        "x-amz-copy-source-"), false)).isEqualTo("x-amz-copy-source-if-unmodified-since");
    assertThat(condition(new Conditions(null, null, t, null, "x-amz-copy-source-"), false))
        .isEqualTo("x-amz-copy-source-if-modified-since");
    assertThat(condition(new Conditions("\"x\"", null, null, null, "x-amz-copy-source-"), false))
        .isEqualTo("x-amz-copy-source-if-match");
  }

  /** The Condition of the 412 {@code check} throws; null when it throws none (or a 304). */
  private static String condition(Conditions c, boolean get) {
    try {
      Preconditions.check(c, "abc", MODIFIED, get, NOW);
      return null;
    } catch (S3Exception e) {
      return e.code() == S3ErrorCode.PreconditionFailed ? e.details().get("Condition") : null;
    }
  }

  private static String date(String symbol) {
    if (symbol == null) {
      return null;
    }
    Instant t = Instant.parse("2024-01-01T12:00:00Z");
    return switch (symbol) {
      case "T" -> HttpDates.format(t);
      case "T+1" -> HttpDates.format(t.plusSeconds(1));
      case "T-1" -> HttpDates.format(t.minusSeconds(1));
      case "FUTURE" -> HttpDates.format(NOW.plusSeconds(3600));
      default -> symbol;
    };
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Mon, 01 Jan 2024 12:00:00 GMT|2024-01-01T12:00:00Z",
      "Monday, 01-Jan-24 12:00:00 GMT|2024-01-01T12:00:00Z",
      "Mon Jan  1 12:00:00 2024|2024-01-01T12:00:00Z"})
  void threeHttpDateForms(String header, String instant) {
    assertThat(HttpDates.parse(header)).isEqualTo(Instant.parse(instant));
  }
}
