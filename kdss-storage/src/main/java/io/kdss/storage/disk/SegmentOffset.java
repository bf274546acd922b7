package io.kdss.storage.disk;

/** A position in the log: a segment and a byte offset inside it (a record's: 64-byte aligned). */
public record SegmentOffset(int segment, long offset) {

  public SegmentOffset {
    if (segment < 0 || offset < 0 || offset % RecordHeader.ALIGN != 0) {
      throw new IllegalArgumentException("bad log position " + segment + ":" + offset);
    }
  }

  /** This position moved forward by {@code bytes} in the same segment. */
  public SegmentOffset plus(long bytes) {
    return new SegmentOffset(segment, offset + bytes);
  }

  /** This position, or the next block boundary if it is not on one (where the next group commit starts). */
  public SegmentOffset blockAligned() {
    return new SegmentOffset(segment, (offset + RecordHeader.BLOCK - 1) & -RecordHeader.BLOCK);
  }

  @Override
  public String toString() {
    return segment + ":" + offset;
  }
}
