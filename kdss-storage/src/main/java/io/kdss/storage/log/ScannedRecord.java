package io.kdss.storage.log;

import io.kdss.storage.disk.RecordHeader;
import io.kdss.storage.disk.SegmentOffset;
import java.lang.foreign.MemorySegment;

/**
 * A record found by a {@link SegmentReader}; {@code payload} is valid until the reader moves
 * on, and null for a record skipped because its payload failed its CRC.
 */
public record ScannedRecord(RecordHeader header, int headerCrc, SegmentOffset position, MemorySegment payload) {

  /** Where the next record of the same group commit would start (the log may then skip padding). */
  public SegmentOffset end() {
    return position.plus(header.footprint());
  }
}
