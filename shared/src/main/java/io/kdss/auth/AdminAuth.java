package io.kdss.auth;

import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Signs and checks admin gRPC calls (kdss admin, dashboard) with an access key, SigV4-style:
 * headers {@code x-kdss-access-key}, {@code x-kdss-date} (yyyyMMdd'T'HHmmss'Z') and
 * {@code x-kdss-signature} = hex HMAC-SHA256 under the key derived for
 * (date, "kdss", "admin") over {@code KDSS-ADMIN-HMAC-SHA256\n<date>\n<method>\n<sha256(body)>}.
 * The secret never crosses the wire; a signature is good for {@link #MAX_SKEW_MS} around its date.
 */
public final class AdminAuth {

  public static final String HEADER_ACCESS_KEY = "x-kdss-access-key";
  public static final String HEADER_DATE = "x-kdss-date";
  public static final String HEADER_SIGNATURE = "x-kdss-signature";
  public static final String REGION = "kdss";
  public static final String SERVICE = "admin";
  public static final long MAX_SKEW_MS = 5 * 60_000;
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private AdminAuth() {
  }

  /** The signed parts of one call as the server receives them. */
  public record Signed(String accessKeyId, String stamp, Instant time, String signature) {
    public String day() {
      return stamp.substring(0, 8);
    }
  }

  public static void sign(MultiMap headers, String fullMethod, byte[] body, String accessKeyId, String secret, Instant now) {
    String stamp = STAMP.format(now);
    byte[] key = SigningKeys.derive(secret, stamp.substring(0, 8), REGION, SERVICE);
    headers.set(HEADER_ACCESS_KEY, accessKeyId);
    headers.set(HEADER_DATE, stamp);
    headers.set(HEADER_SIGNATURE, SigningKeys.hex(SigningKeys.hmac(key, stringToSign(stamp, fullMethod, body))));
  }

  /** Reads the auth headers; null when they are missing or malformed (the call is then unauthenticated). */
  public static Signed parse(MultiMap headers) {
    String id = headers.get(HEADER_ACCESS_KEY);
    String stamp = headers.get(HEADER_DATE);
    String sig = headers.get(HEADER_SIGNATURE);
    if (id == null || stamp == null || sig == null) {
      return null;
    }
    try {
      return new Signed(id, stamp, Instant.from(STAMP.parse(stamp)), sig);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** True when {@code signed} is a valid signature of this call under {@code signingKey} and fresh at {@code now}. */
  public static boolean verify(Signed signed, byte[] signingKey, String fullMethod, byte[] body, Instant now) {
    if (Math.abs(now.toEpochMilli() - signed.time().toEpochMilli()) > MAX_SKEW_MS) {
      return false;
    }
    byte[] expected = SigningKeys.hmac(signingKey, stringToSign(signed.stamp(), fullMethod, body));
    return MessageDigest.isEqual(SigningKeys.hex(expected).getBytes(StandardCharsets.US_ASCII),
        signed.signature().getBytes(StandardCharsets.US_ASCII));
  }

  static String stringToSign(String stamp, String fullMethod, byte[] body) {
    return "KDSS-ADMIN-HMAC-SHA256\n" + stamp + "\n" + fullMethod + "\n" + SigningKeys.hex(sha256(body));
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
