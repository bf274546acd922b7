package io.kdss.auth;

import java.security.SecureRandom;

/** Makes access key ids (20 upper-case characters, like AWS's) and secrets (40 characters). */
public final class AccessKeys {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String SECRET_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  public static final String ID_PREFIX = "KD";
  public static final int ID_LENGTH = 20;
  public static final int SECRET_LENGTH = 40;

  private AccessKeys() {
  }

  public static String newAccessKeyId() {
    return ID_PREFIX + random(ID_CHARS, ID_LENGTH - ID_PREFIX.length());
  }

  public static String newSecret() {
    return random(SECRET_CHARS, SECRET_LENGTH);
  }

  /** An access key id as S3 clients send it: 16 to 128 printable characters, no separators. */
  public static boolean isPlausibleId(String id) {
    return id != null && id.length() >= 16 && id.length() <= 128 && id.chars().allMatch(c -> c > 32 && c < 127 && c != '/');
  }

  private static String random(String alphabet, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
