package io.kdss.storage.log;

import io.kdss.storage.disk.RecordHeader;
import io.kdss.storage.disk.SegmentOffset;
import java.lang.foreign.MemorySegment;

/** A record found by a {@link SegmentReader}; {@code payload} is valid until the reader moves on. */
public record ScannedRecord(RecordHeader header, int headerCrc, SegmentOffset position, MemorySegment payload) {

  public SegmentOffset end() {
    return new SegmentOffset(position.segment(), position.offset() + header.recordBytes());
  }
}
