package io.kdss.s3.cluster;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;

/**
 * Object keys as paths below their bucket's directory ({@code photos/2026/cat.jpg} is the file
 * {@code cat.jpg} in directories {@code photos} and {@code 2026}), so FUSE and S3 see the same
 * tree. A key that is no path cannot be stored: an empty part ({@code a//b}, a leading or
 * trailing '/'), a part "." or "..", a part longer than 255 bytes.
 */
final class ObjectPaths {

  static final int MAX_PART_BYTES = 255;

  private ObjectPaths() {
  }

  /** Null when {@code key} can be stored, else why not. */
  static String problem(String key) {
    if (key.startsWith("/") || key.endsWith("/") || key.contains("//")) {
      return "KDSS stores keys as paths: a key cannot start or end with '/' or hold '//' (folder markers such as"
          + " 'photos/' are not stored; 'photos/' is listed as a common prefix once a key below it exists)";
    }
    for (String part : key.split("/")) {
      if (part.equals(".") || part.equals("..")) {
        return "KDSS stores keys as paths: a key cannot have a '.' or '..' part between slashes";
      }
      if (part.getBytes(StandardCharsets.UTF_8).length > MAX_PART_BYTES) {
        return "each '/'-separated part of a key is at most " + MAX_PART_BYTES + " bytes in KDSS";
      }
    }
    return null;
  }

  /** Throws the S3 error for a key that cannot be stored. */
  static void checkStorable(String key) {
    String why = problem(key);
    if (why != null) {
      throw new S3Exception(why.startsWith("each") ? S3ErrorCode.KeyTooLongError : S3ErrorCode.InvalidArgument, why)
          .detail("ArgumentName", "key").detail("ArgumentValue", key);
    }
  }

  /** The directory path of a key ("" for a key at the bucket's top). */
  static String parent(String key) {
    int slash = key.lastIndexOf('/');
    return slash < 0 ? "" : key.substring(0, slash);
  }

  static String name(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }
}
