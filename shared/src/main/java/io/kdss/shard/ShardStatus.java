package io.kdss.shard;

/** The outcome of a data-plane request; the code is the wire value. */
public enum ShardStatus {
  OK(0),
  /** No such shard on that disk. */
  NOT_FOUND(1),
  /** The stored shard failed its CRC check on the server: read another replica/parity. */
  CORRUPT(2),
  /** The payload did not match the CRC32C sent with it: nothing was written; resend. */
  BAD_CRC(3),
  /** The disk has no free space. */
  DISK_FULL(4),
  /** The disk is read-only, failed or offline, or its I/O failed. */
  UNAVAILABLE(5),
  /** This node has no disk with that id. */
  NO_SUCH_DISK(6),
  /** A malformed or oversized request. */
  BAD_REQUEST(7),
  INTERNAL(8);

  public final int code;

  ShardStatus(int code) {
    this.code = code;
  }

  public static ShardStatus of(int code) {
    for (ShardStatus s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    return INTERNAL;
  }
}
