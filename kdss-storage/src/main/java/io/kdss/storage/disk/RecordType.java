package io.kdss.storage.disk;

import io.kdss.storage.StorageException;

/** What a log record holds; the code is the on-disk byte (never {@code ordinal()}). */
public enum RecordType {
  /** A shard's bytes. */
  SHARD(1),
  /** Deletes of the shards listed in the payload. */
  TOMBSTONE(2),
  /** The end of a segment; the log goes on in the segment named by the header's stripeId field. */
  SEAL(3);

  public final int code;

  RecordType(int code) {
    this.code = code;
  }

  public static RecordType of(int code) {
    return switch (code) {
      case 1 -> SHARD;
      case 2 -> TOMBSTONE;
      case 3 -> SEAL;
      default -> throw new StorageException.Corrupt("record type " + code + " is unknown");
    };
  }
}
