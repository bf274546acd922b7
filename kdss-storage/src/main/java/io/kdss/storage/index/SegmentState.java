package io.kdss.storage.index;

/** The life of a segment; codes are stored in the index. */
public enum SegmentState {
  /** Holds nothing; may become the append head. */
  FREE(0),
  /** The append head. */
  ACTIVE(1),
  /** Full; read and compacted, never appended to again until freed. */
  SEALED(2);

  public final int code;

  SegmentState(int code) {
    this.code = code;
  }

  public static SegmentState of(int code) {
    return switch (code) {
      case 0 -> FREE;
      case 1 -> ACTIVE;
      case 2 -> SEALED;
      default -> throw new IllegalArgumentException("segment state " + code);
    };
  }
}
