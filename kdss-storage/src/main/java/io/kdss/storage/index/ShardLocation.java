package io.kdss.storage.index;

import io.kdss.storage.disk.RecordHeader;
import io.kdss.storage.disk.SegmentOffset;
import java.nio.ByteBuffer;

/**
 * Where a shard's current record is, with what a read must find there.
 *
 * <pre>
 * index value (36 bytes, big-endian)
 *  0 segment u32 | 4 offset u64 | 12 payloadLength u32 | 16 payloadCrc u32
 * 20 sequence u64 | 28 originSequence u64
 * </pre>
 */
public record ShardLocation(SegmentOffset position, int payloadLength, int payloadCrc, long sequence,
    long originSequence) {

  public static final int BYTES = 36;

  /** Bytes the record takes in the log (what counts as live space). */
  public long footprint() {
    return RecordHeader.footprint(Integer.toUnsignedLong(payloadLength));
  }

  public void write(ByteBuffer out) {
    out.putInt(position.segment()).putLong(position.offset()).putInt(payloadLength).putInt(payloadCrc)
        .putLong(sequence).putLong(originSequence);
  }

  public static ShardLocation read(ByteBuffer in) {
    return new ShardLocation(new SegmentOffset(in.getInt(), in.getLong()), in.getInt(), in.getInt(), in.getLong(),
        in.getLong());
  }
}
