package io.kdss.storage.disk;

import io.kdss.storage.StorageException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.lang.foreign.ValueLayout;
import java.util.zip.CRC32C;

/**
 * The 64-byte header in front of every log record.
 *
 * <p>Records are packed (superblock format 2): each starts at a 64-byte boundary right after
 * the one before, so a 4 KiB shard takes 4160 bytes of the log, not 8 KiB. O_DIRECT writes
 * whole 4 KiB blocks, so a group commit ends with zeros up to the next block boundary and the
 * next one starts there: a block holding acknowledged records is never written again. A
 * reader that finds no valid header at a position that is not block-aligned is in such
 * padding and goes on at the next boundary, where the next record must chain to the last
 * (so whatever it finds there, stale or torn, is only accepted if it continues the log).
 * Disks of format 1 padded every record to 4 KiB; the same rule reads them.
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
 *     64      payload, then zeros to the next 64-byte boundary (the record's footprint)
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

  /** Records start at multiples of this many bytes. */
  public static final int ALIGN = 64;
  /** The O_DIRECT block: reads and writes cover whole blocks. */
  public static final int BLOCK = 4096;

  /** The bytes a record with this payload occupies in the log: header + payload rounded up to 64. */
  public static long footprint(long payloadLength) {
    return (BYTES + payloadLength + ALIGN - 1) & -ALIGN;
  }

  public long footprint() {
    return footprint(Integer.toUnsignedLong(payloadLength));
  }

  /** The block-aligned byte range [start, end) of a device that holds the record at {@code offset}. */
  public static long readStart(long offset) {
    return offset & -BLOCK;
  }

  public static long readEnd(long offset, long payloadLength) {
    return (offset + BYTES + payloadLength + BLOCK - 1) & -BLOCK;
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
