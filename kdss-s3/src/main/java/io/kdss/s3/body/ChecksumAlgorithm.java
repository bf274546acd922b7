package io.kdss.s3.body;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The additional checksums of newer S3 clients ({@code x-amz-checksum-ALG}, as a header or a
 * trailer): base64 of the big-endian checksum value.
 */
public enum ChecksumAlgorithm {
  CRC32,
  CRC32C,
  CRC64NVME,
  SHA1,
  SHA256;

  /** The header or trailer that carries it, e.g. {@code x-amz-checksum-crc32c}. */
  public String headerName() {
    return "x-amz-checksum-" + name().toLowerCase(Locale.ROOT);
  }

  /** The algorithm named by {@code x-amz-sdk-checksum-algorithm} or a header suffix; null if unknown. */
  public static ChecksumAlgorithm of(String name) {
    for (ChecksumAlgorithm a : values()) {
      if (a.name().equalsIgnoreCase(name)) {
        return a;
      }
    }
    return null;
  }

  /** Bytes of the encoded value (before base64). */
  public int size() {
    return switch (this) {
      case CRC32, CRC32C -> 4;
      case CRC64NVME -> 8;
      case SHA1 -> 20;
      case SHA256 -> 32;
    };
  }

  /** A fresh running computation. */
  public Running start() {
    return switch (this) {
      case CRC32 -> new Crc(new CRC32(), 4);
      case CRC32C -> new Crc(new CRC32C(), 4);
      case CRC64NVME -> new Crc(new Crc64Nvme(), 8);
      case SHA1 -> new Digest("SHA-1");
      case SHA256 -> new Digest("SHA-256");
    };
  }

  /** A checksum being computed. */
  public interface Running {

    void update(io.vertx.core.buffer.Buffer data);

    byte[] value();
  }

  private record Crc(Checksum checksum, int bytes) implements Running {

    @Override
    public void update(io.vertx.core.buffer.Buffer data) {
      BufferBytes.update(checksum, data);
    }

    @Override
    public byte[] value() {
      long v = checksum.getValue();
      byte[] out = new byte[bytes];
      for (int i = 0; i < bytes; i++) {
        out[i] = (byte) (v >>> (8 * (bytes - 1 - i)));
      }
      return out;
    }
  }

  private static final class Digest implements Running {

    private final MessageDigest digest;

    Digest(String algorithm) {
      try {
        digest = MessageDigest.getInstance(algorithm);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(algorithm + " is part of every JDK", e);
      }
    }

    @Override
    public void update(io.vertx.core.buffer.Buffer data) {
      BufferBytes.update(digest, data);
    }

    @Override
    public byte[] value() {
      return digest.digest();
    }
  }
}
