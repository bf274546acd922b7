package io.kdss.s3.body;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Computes a digest or checksum of the body and, when a value was declared, compares them at
 * the end (the declared value may arrive only then, as an aws-chunked trailer: hence a supplier).
 */
public final class DigestCheck implements BodyCheck {

  private final ChecksumAlgorithm.Running running;
  private final MessageDigest digest;
  private final Supplier<byte[]> expected;
  private final S3Exception onMismatch;
  private byte[] value;

  private DigestCheck(ChecksumAlgorithm.Running running, MessageDigest digest, Supplier<byte[]> expected,
      S3Exception onMismatch) {
    this.running = running;
    this.digest = digest;
    this.expected = expected;
    this.onMismatch = onMismatch;
  }

  /** The MD5 of the body, for its ETag; optionally checked against Content-MD5 (BadDigest). */
  public static DigestCheck md5(byte[] contentMd5) {
    return new DigestCheck(null, md("MD5"), contentMd5 == null ? null : () -> contentMd5,
        new S3Exception(S3ErrorCode.BadDigest, "The Content-MD5 you specified did not match what we received."));
  }

  /** The SHA-256 declared in x-amz-content-sha256 (XAmzContentSHA256Mismatch). */
  public static DigestCheck sha256(String hex) {
    byte[] want = HexFormat.of().parseHex(hex);
    return new DigestCheck(null, md("SHA-256"), () -> want, new S3Exception(S3ErrorCode.XAmzContentSHA256Mismatch)
        .detail("ClientComputedContentSHA256", hex));
  }

  /** An x-amz-checksum-* value (base64), known now or at the end (BadDigest). */
  public static DigestCheck checksum(ChecksumAlgorithm algorithm, Supplier<String> base64) {
    return new DigestCheck(algorithm.start(), null, () -> decode(algorithm, base64.get()),
        new S3Exception(S3ErrorCode.BadDigest, "The " + algorithm.name() + " you specified did not match the"
            + " calculated checksum."));
  }

  static byte[] decode(ChecksumAlgorithm algorithm, String base64) {
    if (base64 == null) {
      throw new S3Exception(S3ErrorCode.InvalidRequest, "The " + algorithm.headerName()
          + " trailer was declared in x-amz-trailer but not sent.");
    }
    try {
      byte[] b = Base64.getDecoder().decode(base64.strip());
      if (b.length == algorithm.size()) {
        return b;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new S3Exception(S3ErrorCode.InvalidRequest, "Value for " + algorithm.headerName() + " header is invalid.");
  }

  @Override
  public void update(Buffer data) {
    if (running != null) {
      running.update(data);
    } else {
      BufferBytes.update(digest, data);
    }
  }

  @Override
  public void finish() {
    value = running != null ? running.value() : digest.digest();
    if (expected != null && !MessageDigest.isEqual(expected.get(), value)) {
      throw onMismatch;
    }
  }

  /** The computed value once the body ended. */
  public byte[] value() {
    if (value == null) {
      throw new IllegalStateException("the body has not ended");
    }
    return value.clone();
  }

  private static MessageDigest md(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every JDK", e);
    }
  }
}
