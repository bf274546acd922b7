package io.kdss.s3.request;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;

/** S3's object key rules: any UTF-8 text (decoding already refused invalid UTF-8) of 1 to 1024 bytes. */
public final class ObjectKeys {

  public static final int MAX_KEY_BYTES = 1024;

  private ObjectKeys() {
  }

  public static void validate(String key) {
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_KEY_BYTES) {
      throw new S3Exception(S3ErrorCode.KeyTooLongError, "Your key is too long: " + bytes + " bytes of UTF-8, at most "
          + MAX_KEY_BYTES + " are allowed.").detail("Size", Integer.toString(bytes))
          .detail("MaxSizeAllowed", Integer.toString(MAX_KEY_BYTES));
    }
    if (key.isEmpty()) {
      throw new S3Exception(S3ErrorCode.InvalidArgument, "An object key must not be empty.");
    }
  }
}
