package io.kdss.s3.request;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.util.List;

/**
 * S3's current general-purpose bucket naming rules; a name that breaks one is InvalidBucketName
 * saying which. A period next to a hyphen ({@code my-.bucket}) is allowed, as S3 allows it (only
 * the old DNS-compliance advice forbade it).
 */
public final class BucketNames {

  public static final int MIN_LENGTH = 3;
  public static final int MAX_LENGTH = 63;
  private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
  private static final List<String> RESERVED_SUFFIXES = List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");

  private BucketNames() {
  }

  /** The reason {@code name} is not a valid bucket name, or null when it is one. */
  public static String problem(String name) {
    if (name.length() < MIN_LENGTH || name.length() > MAX_LENGTH) {
      return "a bucket name must be between 3 and 63 characters long";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-')) {
        return "a bucket name may contain only lower-case letters, digits, dots and hyphens";
      }
    }
    if (!alnum(name.charAt(0)) || !alnum(name.charAt(name.length() - 1))) {
      return "a bucket name must begin and end with a letter or a digit";
    }
    if (name.contains("..")) {
      return "a bucket name must not contain two adjacent periods";
    }
    if (name.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
      return "a bucket name must not be formatted as an IP address";
    }
    for (String p : RESERVED_PREFIXES) {
      if (name.startsWith(p)) {
        return "a bucket name must not start with the reserved prefix '" + p + "'";
      }
    }
    for (String s : RESERVED_SUFFIXES) {
      if (name.endsWith(s)) {
        return "a bucket name must not end with the reserved suffix '" + s + "'";
      }
    }
    return null;
  }

  public static void validate(String name) {
    String problem = problem(name);
    if (problem != null) {
      throw new S3Exception(S3ErrorCode.InvalidBucketName, "The specified bucket is not valid: " + problem + ".")
          .detail("BucketName", name);
    }
  }

  private static boolean alnum(char c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
  }
}
