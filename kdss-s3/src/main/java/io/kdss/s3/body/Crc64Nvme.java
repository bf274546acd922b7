package io.kdss.s3.body;

import java.nio.ByteBuffer;
import java.util.zip.Checksum;

/**
 * CRC-64/NVME (the {@code x-amz-checksum-crc64nvme} of newer S3 SDKs): reflected, polynomial
 * 0xAD93D23594C93659 (reversed form 0x9A6C9329AC4BC9B5), initial value and final XOR all ones.
 * Table-driven, a byte at a time; the JDK has no CRC-64.
 */
final class Crc64Nvme implements Checksum {

  private static final long REVERSED_POLY = 0x9A6C9329AC4BC9B5L;
  private static final long[] TABLE = new long[256];

  static {
    for (int i = 0; i < 256; i++) {
      long crc = i;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ REVERSED_POLY : crc >>> 1;
      }
      TABLE[i] = crc;
    }
  }

  private long crc = -1L;

  @Override
  public void update(int b) {
    crc = TABLE[(int) ((crc ^ b) & 0xFF)] ^ (crc >>> 8);
  }

  @Override
  public void update(byte[] b, int off, int len) {
    long c = crc;
    for (int i = off; i < off + len; i++) {
      c = TABLE[(int) ((c ^ b[i]) & 0xFF)] ^ (c >>> 8);
    }
    crc = c;
  }

  @Override
  public void update(ByteBuffer buffer) {
    long c = crc;
    while (buffer.hasRemaining()) {
      c = TABLE[(int) ((c ^ buffer.get()) & 0xFF)] ^ (c >>> 8);
    }
    crc = c;
  }

  @Override
  public long getValue() {
    return ~crc;
  }

  @Override
  public void reset() {
    crc = -1L;
  }
}
