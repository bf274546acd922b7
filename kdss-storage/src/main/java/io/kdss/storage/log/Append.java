package io.kdss.storage.log;

import io.kdss.storage.disk.RecordHeader;
import io.kdss.storage.disk.ShardKey;
import io.kdss.storage.disk.SuperBlock;
import io.kdss.storage.disk.TombstonePayload;
import io.kdss.storage.index.ShardLocation;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One request to the append thread; its future completes once the change is durable and indexed. */
final class Append {

  enum Kind {
    /** A shard write from a client or peer. */
    SHARD,
    /** Deletes (one tombstone record). */
    TOMBSTONE,
    /** A compaction copy: written only if the shard still lives at {@code source}. */
    COPY,
    /** Frees a compacted segment (its first block is zeroed so a rebuild skips it). */
    FREE,
    /** Rewrites the superblock with a new mode. */
    MODE
  }

  final Kind kind;
  final ShardKey key;
  final MemorySegment payload;
  final int payloadCrc;
  final List<ShardKey> deleted;
  final ShardLocation source;
  final int segment;
  final SuperBlock.Mode mode;
  /** For a tombstone copied by compaction: the original tombstone's origin sequence (else 0). */
  long copiedOrigin;
  final CompletableFuture<ShardLocation> future = new CompletableFuture<>();

  private Append(Kind kind, ShardKey key, MemorySegment payload, int payloadCrc, List<ShardKey> deleted,
      ShardLocation source, int segment, SuperBlock.Mode mode) {
    this.kind = kind;
    this.key = key;
    this.payload = payload;
    this.payloadCrc = payloadCrc;
    this.deleted = deleted;
    this.source = source;
    this.segment = segment;
    this.mode = mode;
  }

  static Append shard(ShardKey key, MemorySegment payload, int crc) {
    return new Append(Kind.SHARD, key, payload, crc, null, null, -1, null);
  }

  static Append tombstone(List<ShardKey> keys) {
    return new Append(Kind.TOMBSTONE, keys.getFirst(), null, 0, keys, null, -1, null);
  }

  static Append tombstoneCopy(List<ShardKey> keys, long originSequence) {
    Append a = tombstone(keys);
    a.copiedOrigin = originSequence;
    return a;
  }

  static Append copy(ShardKey key, MemorySegment payload, ShardLocation source) {
    return new Append(Kind.COPY, key, payload, source.payloadCrc(), null, source, -1, null);
  }

  static Append free(int segment) {
    return new Append(Kind.FREE, null, null, 0, null, null, segment, null);
  }

  static Append mode(SuperBlock.Mode mode) {
    return new Append(Kind.MODE, null, null, 0, null, null, -1, mode);
  }

  /** Payload bytes of the record this request appends (0 for those that append none). */
  long payloadBytes() {
    return switch (kind) {
      case SHARD, COPY -> payload.byteSize();
      case TOMBSTONE -> TombstonePayload.bytes(deleted.size());
      case FREE, MODE -> 0;
    };
  }

  /** Bytes of the log this request's record takes (0 for those that append none). */
  long logBytes() {
    return kind == Kind.FREE || kind == Kind.MODE ? 0 : RecordHeader.footprint(payloadBytes());
  }

  /**
   * Most bytes of staging this request can need: its record and a block (padding where a run
   * of the batch ends: a segment sealed, a freed segment's zero block, the superblock).
   */
  long stagingBytes() {
    return logBytes() + RecordHeader.BLOCK;
  }
}
