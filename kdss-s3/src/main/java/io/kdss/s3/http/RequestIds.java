package io.kdss.s3.http;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * S3-style request ids: 16 upper-case hex digits, unique per gateway process (a random base plus
 * a counter), so a client's error report leads straight to the access log line.
 */
final class RequestIds {

  private static final long BASE = new SecureRandom().nextLong();
  private static final AtomicLong COUNTER = new AtomicLong();

  private RequestIds() {
  }

  static String next() {
    return HexFormat.of().withUpperCase().toHexDigits(BASE + COUNTER.incrementAndGet());
  }
}
