package io.kdss.storage.index;

import java.nio.ByteBuffer;

/**
 * The durable state of the one compaction a disk runs at a time (Ambry's CompactionLog):
 * which segment, and how far. Present from PREPARE until DONE deletes it.
 *
 * <pre>
 * index value (8 bytes, big-endian): segment u32 | phase u32
 * </pre>
 */
public record CompactionRecord(int segment, Phase phase) {

  public static final int BYTES = 8;

  /** PREPARE (chosen) -> COPY (live records being copied) -> COMMIT (index repointed) -> CLEANUP (freeing). */
  public enum Phase {
    PREPARE(0), COPY(1), COMMIT(2), CLEANUP(3);

    public final int code;

    Phase(int code) {
      this.code = code;
    }

    static Phase of(int code) {
      for (Phase p : values()) {
        if (p.code == code) {
          return p;
        }
      }
      throw new IllegalArgumentException("compaction phase " + code);
    }
  }

  public void write(ByteBuffer out) {
    out.putInt(segment).putInt(phase.code);
  }

  public static CompactionRecord read(ByteBuffer in) {
    return new CompactionRecord(in.getInt(), Phase.of(in.getInt()));
  }
}
