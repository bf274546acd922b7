package io.kdss.storage.disk;

import io.kdss.storage.StorageException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.lang.foreign.ValueLayout;
import java.util.zip.CRC32C;

/**
 * The 64-byte header in front of every log record; the record (header + payload) is padded
 * to a multiple of 4 KiB so every record starts on an O_DIRECT boundary.
 *
 * <pre>
 * offset size field
 *      0    4 magic "KREC"
 *      4    1 version (1)
 *      5    1 type (RecordType code)
 *      6    2 flags (bit 0: a compaction copy)
 *      8    8 diskTag (from the disk id: records of an earlier format never match)
 *     16    8 sequence (dense: each record is the previous one + 1)
 *     24    8 originSequence (= sequence, or for a copy the sequence of the original write)
 *     32    8 stripeId (SEAL: the segment the log continues in)
 *     40    4 shardIndex
 *     44    4 payloadLength
 *     48    4 payloadCrc (CRC32C of the payload)
 *     52    4 prevHeaderCrc (headerCrc of the record before: the log is a hash chain, so stale
 *             records left past a torn tail never join it)
 *     56    4 timeSec (seconds since the epoch, unsigned)
 *     60    4 headerCrc (CRC32C of bytes [0, 60))
 *     64      payload, then zero padding to the next 4 KiB
 * </pre>
 */
public record RecordHeader(RecordType type, int flags, long diskTag, long sequence, long originSequence,
    long stripeId, int shardIndex, int payloadLength, int payloadCrc, int prevHeaderCrc, long timeSec) {

  public static final int BYTES = 64;
  public static final int MAGIC = 0x4345524b; // "KREC" little-endian
  public static final int VERSION = 1;
  public static final int FLAG_COPY = 1;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  /** The bytes a record with this payload occupies on disk: header + payload rounded up to 4 KiB. */
  public static long recordBytes(long payloadLength) {
    return (BYTES + payloadLength + 4095) & ~4095L;
  }

  public long recordBytes() {
    return recordBytes(Integer.toUnsignedLong(payloadLength));
  }

  public boolean isCopy() {
    return (flags & FLAG_COPY) != 0;
  }

  /** Writes the header at the start of {@code out}; returns its CRC (the next record's prevHeaderCrc). */
  public int write(MemorySegment out) {
    out.set(INT, 0, MAGIC);
    out.set(ValueLayout.JAVA_BYTE, 4, (byte) VERSION);
    out.set(ValueLayout.JAVA_BYTE, 5, (byte) type.code);
    out.set(SHORT, 6, (short) flags);
    out.set(LONG, 8, diskTag);
    out.set(LONG, 16, sequence);
    out.set(LONG, 24, originSequence);
    out.set(LONG, 32, stripeId);
    out.set(INT, 40, shardIndex);
    out.set(INT, 44, payloadLength);
    out.set(INT, 48, payloadCrc);
    out.set(INT, 52, prevHeaderCrc);
    out.set(INT, 56, (int) timeSec);
    int crc = crc(out);
    out.set(INT, 60, crc);
    return crc;
  }

  /** The stored header CRC of the header at the start of {@code in} (not validated). */
  public static int storedCrc(MemorySegment in) {
    return in.get(INT, 60);
  }

  /**
   * Reads and validates the header at the start of {@code in}: magic, version, header CRC,
   * type and disk tag. Anything else is {@link StorageException.Corrupt} (a torn or foreign record).
   */
  public static RecordHeader read(MemorySegment in, long expectedDiskTag) {
    if (in.get(INT, 0) != MAGIC) {
      throw new StorageException.Corrupt("no record header (bad magic)");
    }
    if (in.get(INT, 60) != crc(in)) {
      throw new StorageException.Corrupt("record header CRC mismatch");
    }
    int version = in.get(ValueLayout.JAVA_BYTE, 4);
    if (version != VERSION) {
      throw new StorageException.Corrupt("record version " + version + " is not supported");
    }
    long tag = in.get(LONG, 8);
    if (tag != expectedDiskTag) {
      throw new StorageException.Corrupt("record belongs to another format of this disk");
    }
    RecordHeader h = new RecordHeader(RecordType.of(in.get(ValueLayout.JAVA_BYTE, 5)), in.get(SHORT, 6), tag,
        in.get(LONG, 16), in.get(LONG, 24), in.get(LONG, 32), in.get(INT, 40), in.get(INT, 44), in.get(INT, 48),
        in.get(INT, 52), Integer.toUnsignedLong(in.get(INT, 56)));
    if (h.payloadLength < 0) {
      throw new StorageException.Corrupt("record payload length " + h.payloadLength + " is negative");
    }
    return h;
  }

  /** CRC32C of a payload held in a segment. */
  public static int payloadCrc(MemorySegment payload) {
    CRC32C c = new CRC32C();
    c.update(payload.asByteBuffer());
    return (int) c.getValue();
  }

  private static int crc(MemorySegment in) {
    CRC32C c = new CRC32C();
    c.update(in.asSlice(0, 60).asByteBuffer());
    return (int) c.getValue();
  }
}
