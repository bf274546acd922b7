package io.kdss.storage.disk;

/**
 * Where things are on a formatted disk.
 *
 * <pre>
 * 0            4096                4096 + S          4096 + 2S
 * | superblocks | segment 0 (S bytes) | segment 1 ...  | ... segment N-1 | unused tail
 * </pre>
 */
public record DiskLayout(long dataStart, long segmentBytes, int segmentCount) {

  public long deviceOffset(SegmentOffset p) {
    return deviceOffset(p.segment(), p.offset());
  }

  public long deviceOffset(int segment, long offset) {
    if (segment < 0 || segment >= segmentCount || offset < 0 || offset > segmentBytes) {
      throw new IllegalArgumentException("position " + segment + ":" + offset + " is outside the disk");
    }
    return dataStart + segment * segmentBytes + offset;
  }

  public long dataBytes() {
    return segmentBytes * segmentCount;
  }
}
