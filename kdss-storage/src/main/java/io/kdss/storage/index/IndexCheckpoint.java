package io.kdss.storage.index;

import io.kdss.storage.disk.SegmentOffset;
import java.nio.ByteBuffer;

/**
 * How far the log is reflected in the index: recovery replays the log from {@code head},
 * expecting record {@code nextSequence} chained to {@code prevHeaderCrc}.
 *
 * <pre>
 * index value (24 bytes, big-endian): segment u32 | offset u64 | nextSequence u64 | prevHeaderCrc u32
 * </pre>
 */
public record IndexCheckpoint(SegmentOffset head, long nextSequence, int prevHeaderCrc) {

  public static final int BYTES = 24;

  public void write(ByteBuffer out) {
    out.putInt(head.segment()).putLong(head.offset()).putLong(nextSequence).putInt(prevHeaderCrc);
  }

  public static IndexCheckpoint read(ByteBuffer in) {
    return new IndexCheckpoint(new SegmentOffset(in.getInt(), in.getLong()), in.getLong(), in.getInt());
  }
}
