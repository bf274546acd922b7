package io.kdss.storage.index;

import java.nio.ByteBuffer;

/**
 * Space accounting of one segment: bytes appended, bytes still referenced by the index
 * (live), and the smallest origin sequence written into it (decides when tombstones may go).
 *
 * <pre>
 * index value (28 bytes, big-endian): state u32 | writtenBytes u64 | liveBytes u64 | minOriginSequence u64
 * </pre>
 */
public record SegmentStats(SegmentState state, long writtenBytes, long liveBytes, long minOriginSequence) {

  public static final int BYTES = 28;
  public static final SegmentStats FREE = new SegmentStats(SegmentState.FREE, 0, 0, Long.MAX_VALUE);

  public long garbageBytes() {
    return writtenBytes - liveBytes;
  }

  public SegmentStats withState(SegmentState s) {
    return new SegmentStats(s, writtenBytes, liveBytes, minOriginSequence);
  }

  public SegmentStats appended(long bytes, long live, long originSequence) {
    return new SegmentStats(state, writtenBytes + bytes, liveBytes + live, Math.min(minOriginSequence, originSequence));
  }

  public SegmentStats released(long bytes) {
    return new SegmentStats(state, writtenBytes, liveBytes - bytes, minOriginSequence);
  }

  public void write(ByteBuffer out) {
    out.putInt(state.code).putLong(writtenBytes).putLong(liveBytes).putLong(minOriginSequence);
  }

  public static SegmentStats read(ByteBuffer in) {
    return new SegmentStats(SegmentState.of(in.getInt()), in.getLong(), in.getLong(), in.getLong());
  }
}
