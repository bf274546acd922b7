package io.kdss.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The condition operators of the IAM policy grammar. Each negated operator is its positive
 * twin inverted ({@link #negated()}), which is how missing keys and multi-valued keys are
 * handled uniformly in {@link Condition}.
 */
public enum ConditionOperator {
  StringEquals(Kind.STRING, false),
  StringNotEquals(Kind.STRING, true),
  StringEqualsIgnoreCase(Kind.STRING_IGNORE_CASE, false),
  StringNotEqualsIgnoreCase(Kind.STRING_IGNORE_CASE, true),
  StringLike(Kind.LIKE, false),
  StringNotLike(Kind.LIKE, true),
  NumericEquals(Kind.NUMERIC_EQ, false),
  NumericNotEquals(Kind.NUMERIC_EQ, true),
  NumericLessThan(Kind.NUMERIC_LT, false),
  NumericLessThanEquals(Kind.NUMERIC_LE, false),
  NumericGreaterThan(Kind.NUMERIC_LE, true),
  NumericGreaterThanEquals(Kind.NUMERIC_LT, true),
  DateEquals(Kind.DATE_EQ, false),
  DateNotEquals(Kind.DATE_EQ, true),
  DateLessThan(Kind.DATE_LT, false),
  DateLessThanEquals(Kind.DATE_LE, false),
  DateGreaterThan(Kind.DATE_LE, true),
  DateGreaterThanEquals(Kind.DATE_LT, true),
  Bool(Kind.BOOL, false),
  IpAddress(Kind.IP, false),
  NotIpAddress(Kind.IP, true),
  /** {@code "Null": {"key": "true"}}: true when the key is absent. Evaluated apart. */
  Null(Kind.NULL, false);

  private enum Kind { STRING, STRING_IGNORE_CASE, LIKE, NUMERIC_EQ, NUMERIC_LT, NUMERIC_LE, DATE_EQ, DATE_LT, DATE_LE,
    BOOL, IP, NULL }

  private final Kind kind;
  private final boolean negated;

  ConditionOperator(Kind kind, boolean negated) {
    this.kind = kind;
    this.negated = negated;
  }

  public static ConditionOperator of(String name) {
    for (ConditionOperator o : values()) {
      if (o.name().equals(name)) {
        return o;
      }
    }
    return null;
  }

  public boolean negated() {
    return negated;
  }

  /** Checks a policy value at parse time; the reason it is unusable, or null. */
  String problem(String policyValue) {
    return switch (kind) {
      case IP -> IpRange.parse(policyValue) == null ? "'" + policyValue + "' is not an IP address or CIDR block" : null;
      case NUMERIC_EQ, NUMERIC_LT, NUMERIC_LE -> number(policyValue) == null ? "'" + policyValue + "' is not a number" : null;
      case DATE_EQ, DATE_LT, DATE_LE -> date(policyValue) == null ? "'" + policyValue + "' is not an ISO 8601 date" : null;
      case BOOL, NULL -> policyValue.equalsIgnoreCase("true") || policyValue.equalsIgnoreCase("false") ? null
          : "'" + policyValue + "' is not true or false";
      default -> null;
    };
  }

  /** The positive comparison: does the request's value match this policy value? */
  boolean positiveMatch(String requestValue, String policyValue) {
    return switch (kind) {
      case STRING -> requestValue.equals(policyValue);
      case STRING_IGNORE_CASE -> requestValue.equalsIgnoreCase(policyValue);
      case LIKE -> Wildcards.matches(policyValue, requestValue, false);
      case NUMERIC_EQ, NUMERIC_LT, NUMERIC_LE -> compareNumbers(requestValue, policyValue);
      case DATE_EQ, DATE_LT, DATE_LE -> compareDates(requestValue, policyValue);
      case BOOL -> requestValue.toLowerCase(Locale.ROOT).equals(policyValue.toLowerCase(Locale.ROOT));
      case IP -> {
        IpRange range = IpRange.parse(policyValue);
        yield range != null && range.contains(requestValue);
      }
      case NULL -> false;
    };
  }

  private boolean compareNumbers(String requestValue, String policyValue) {
    BigDecimal a = number(requestValue);
    BigDecimal b = number(policyValue);
    if (a == null || b == null) {
      return false;
    }
    int c = a.compareTo(b);
    return kind == Kind.NUMERIC_EQ ? c == 0 : kind == Kind.NUMERIC_LT ? c < 0 : c <= 0;
  }

  private boolean compareDates(String requestValue, String policyValue) {
    Instant a = date(requestValue);
    Instant b = date(policyValue);
    if (a == null || b == null) {
      return false;
    }
    int c = a.compareTo(b);
    return kind == Kind.DATE_EQ ? c == 0 : kind == Kind.DATE_LT ? c < 0 : c <= 0;
  }

  private static BigDecimal number(String s) {
    try {
      return new BigDecimal(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Instant date(String s) {
    try {
      return Instant.parse(s.strip());
    } catch (DateTimeParseException e) {
      try {
        return Instant.ofEpochSecond(Long.parseLong(s.strip()));
      } catch (NumberFormatException e2) {
        return null;
      }
    }
  }
}
