package io.kdss.s3.backend;

import java.util.function.Supplier;

/**
 * The hex MD5 of a body, known only once the body stream has ended (it is computed as the bytes
 * flow). A backend reads it after the stream's end handler ran, to store as the ETag.
 */
public final class BodyDigest {

  private final Supplier<String> md5Hex;

  public BodyDigest(Supplier<String> md5Hex) {
    this.md5Hex = md5Hex;
  }

  /** The hex MD5 of every byte the stream delivered; call only after it ended. */
  public String md5Hex() {
    return md5Hex.get();
  }
}
