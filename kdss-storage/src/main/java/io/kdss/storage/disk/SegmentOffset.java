package io.kdss.storage.disk;

/** A position in the log: a segment and a byte offset inside it (4 KiB aligned). */
public record SegmentOffset(int segment, long offset) {

  public SegmentOffset {
    if (segment < 0 || offset < 0 || offset % 4096 != 0) {
      throw new IllegalArgumentException("bad log position " + segment + ":" + offset);
    }
  }

  @Override
  public String toString() {
    return segment + ":" + offset;
  }
}
