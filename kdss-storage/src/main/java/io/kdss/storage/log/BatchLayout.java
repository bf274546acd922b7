package io.kdss.storage.log;

import io.kdss.storage.StorageException;
import io.kdss.storage.disk.DiskLayout;
import io.kdss.storage.disk.RecordHeader;
import io.kdss.storage.disk.RecordType;
import io.kdss.storage.disk.SegmentOffset;
import io.kdss.storage.disk.SuperBlock;
import io.kdss.storage.disk.SuperBlockPair;
import io.kdss.storage.disk.TombstonePayload;
import io.kdss.storage.index.IndexBatch;
import io.kdss.storage.index.SegmentState;
import io.kdss.storage.index.SegmentStats;
import io.kdss.storage.index.ShardLocation;
import io.kdss.storage.io.BlockDevice;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays one group commit out in its staging buffer: records packed back to back at 64-byte
 * boundaries (see {@link RecordHeader}), a SEAL and a jump to a free segment when the head
 * segment is full, a zero block over a freed segment's head, the superblock block when the
 * batch changes it. Each contiguous stretch of the log becomes one run, padded with zeros to
 * whole blocks, written with one sequential write. Every record is applied to the batch's
 * index changes as it is placed, by the same {@link RecordApplier} recovery uses.
 */
final class BatchLayout {

  private static final int BLOCK = RecordHeader.BLOCK;

  /** What stays the same from batch to batch. */
  record Disk(String name, DiskLayout layout, RecordApplier applier, int reserveSegments) {
  }

  /** One contiguous device range written from a contiguous part of the staging buffer. */
  private record Run(long deviceOffset, long stagingOffset, long length) {
  }

  private final Disk disk;
  private final LogState start;
  private final MemorySegment buf;
  private final IndexBatch index;
  private final List<Run> runs = new ArrayList<>();
  private final long now = System.currentTimeMillis() / 1000;
  private SuperBlock.Mode mode;
  private SegmentOffset h;
  private long seq;
  private int prev;
  private SuperBlock newSb;
  private long used;
  private long runStart;
  private long runDevice;
  private boolean ordered;
  private int records;

  BatchLayout(Disk disk, LogState start, SuperBlock.Mode mode, MemorySegment staging, IndexBatch index) {
    this.disk = disk;
    this.start = start;
    this.mode = mode;
    this.buf = staging;
    this.index = index;
    this.h = start.head();
    this.seq = start.nextSequence();
    this.prev = start.prevHeaderCrc();
    this.runDevice = disk.layout().deviceOffset(h);
  }

  /** Places one request (or answers it at once: refused, or a copy that lost its race). */
  void add(Append a, Batch out) {
    switch (a.kind) {
      case MODE -> {
        mode = a.mode;
        newSb = (newSb != null ? newSb : start.superBlock()).next(mode, h.blockAligned(), seq);
        out.done.add(new Batch.Done(a, null));
      }
      case FREE -> {
        if (!refuseFree(a)) {
          zeroBlock(a.segment);
          disk.applier().free(a.segment);
          out.done.add(new Batch.Done(a, null));
        }
      }
      default -> addRecord(a, out);
    }
  }

  private void addRecord(Append a, Batch out) {
    if (mode != SuperBlock.Mode.ACTIVE) {
      a.future.completeExceptionally(new StorageException.Unavailable("disk " + disk.name() + " is " + mode, null));
    } else if (a.kind == Append.Kind.COPY && !a.source.equals(index.get(a.key))) {
      a.future.complete(null);
    } else if (used + a.stagingBytes() + 2L * BLOCK > buf.byteSize()) {
      a.future.completeExceptionally(new StorageException.Refused("record of " + a.logBytes()
          + " bytes exceeds the batch buffer"));
    } else if (makeRoom(a) && staged(a)) {
      ShardLocation loc = record(a);
      out.done.add(new Batch.Done(a, a.kind == Append.Kind.TOMBSTONE ? null : loc));
    }
  }

  private boolean refuseFree(Append a) {
    SegmentStats st = disk.applier().stats(a.segment);
    if (a.segment == h.segment() || st.state() != SegmentState.SEALED || st.liveBytes() != 0) {
      a.future.completeExceptionally(new StorageException.Refused("segment " + a.segment
          + " is not a sealed, empty segment"));
      return true;
    }
    return false;
  }

  /**
   * Copies a shard's payload to its place in the staging buffer (after the header at
   * {@code used}) and checks the CRC32C of the copied bytes against the one the request
   * carries: the bytes written are exactly the bytes checked, even if the caller's buffer
   * changes later. False (and the request failed, nothing laid out) on a mismatch.
   */
  private boolean staged(Append a) {
    if (a.kind == Append.Kind.TOMBSTONE) {
      return true;
    }
    int actual = CrcCopy.copy(a.payload, buf.asSlice(used + RecordHeader.BYTES, a.payload.byteSize()));
    if (actual != a.payloadCrc) {
      a.future.completeExceptionally(new StorageException.Corrupt(String.format(
          "payload CRC32C %08x does not match the %08x sent with shard %s", actual, a.payloadCrc, a.key)));
      return false;
    }
    return true;
  }

  /** Seals the head segment if the record does not fit; false (and the request failed) if no segment is free. */
  private boolean makeRoom(Append a) {
    // Room for the record, then a SEAL and padding within one more block.
    if (h.offset() + a.logBytes() + BLOCK <= disk.layout().segmentBytes()) {
      return true;
    }
    int next = disk.applier().nextFree(h.segment(), a.kind == Append.Kind.COPY ? 0 : disk.reserveSegments());
    if (next < 0) {
      a.future.completeExceptionally(new StorageException.DiskFull("disk " + disk.name() + " has no free segment left"));
      return false;
    }
    seal(next);
    return true;
  }

  /** Ends the head segment with a SEAL naming {@code next}, which becomes the head. */
  private void seal(int next) {
    RecordHeader seal = new RecordHeader(RecordType.SEAL, 0, start.superBlock().diskTag(), seq, seq, next, 0, 0, 0,
        prev, now);
    MemorySegment at = buf.asSlice(used, RecordHeader.BYTES);
    prev = seal.write(at);
    disk.applier().apply(seal, h, MemorySegment.NULL, index);
    seq++;
    advance(RecordHeader.BYTES);
    closeRun();
    h = new SegmentOffset(next, 0);
    runDevice = disk.layout().deviceOffset(h);
    newSb = (newSb != null ? newSb : start.superBlock()).next(mode, h, seq);
  }

  private ShardLocation record(Append a) {
    long bytes = a.logBytes();
    MemorySegment at = buf.asSlice(used, bytes);
    RecordHeader header = fill(a, at);
    prev = header.write(at);
    disk.applier().apply(header, h, at.asSlice(RecordHeader.BYTES, a.payloadBytes()), index);
    ShardLocation loc = new ShardLocation(h, header.payloadLength(), header.payloadCrc(), header.sequence(),
        header.originSequence());
    seq++;
    records++;
    advance(bytes);
    return loc;
  }

  /** Lays the request's record out at {@code at}: header fields, payload (a shard's is already staged), zeros to the footprint. */
  private RecordHeader fill(Append a, MemorySegment at) {
    long len = a.payloadBytes();
    MemorySegment payload = at.asSlice(RecordHeader.BYTES, len);
    int crc;
    RecordType type;
    if (a.kind == Append.Kind.TOMBSTONE) {
      TombstonePayload.write(a.deleted, payload);
      crc = RecordHeader.payloadCrc(payload);
      type = RecordType.TOMBSTONE;
    } else {
      crc = a.payloadCrc;
      type = RecordType.SHARD;
    }
    long padFrom = RecordHeader.BYTES + len;
    at.asSlice(padFrom, at.byteSize() - padFrom).fill((byte) 0);
    boolean copy = a.kind == Append.Kind.COPY || a.copiedOrigin != 0;
    long origin = a.kind == Append.Kind.COPY ? a.source.originSequence() : a.copiedOrigin != 0 ? a.copiedOrigin : seq;
    return new RecordHeader(type, copy ? RecordHeader.FLAG_COPY : 0, start.superBlock().diskTag(), seq, origin,
        a.key.stripeId(), a.key.shardIndex(), (int) len, crc, prev, now);
  }

  private void advance(long bytes) {
    used += bytes;
    h = h.plus(bytes);
  }

  /** Pads the current run with zeros to a whole block and records it; the log head moves past the padding. */
  private void closeRun() {
    long pad = (-used) & (BLOCK - 1);
    buf.asSlice(used, pad).fill((byte) 0);
    advance(pad);
    if (used > runStart) {
      runs.add(new Run(runDevice, runStart, used - runStart));
    }
    runStart = used;
    runDevice = disk.layout().deviceOffset(h);
  }

  /** A zero block over the first block of a freed segment, so a rebuild skips it. */
  private void zeroBlock(int segment) {
    closeRun();
    buf.asSlice(used, BLOCK).fill((byte) 0);
    runs.add(new Run(disk.layout().deviceOffset(segment, 0), used, BLOCK));
    used += BLOCK;
    runStart = used;
    ordered = true;
  }

  /** Ends the batch: the last run padded, the superblock block if it changed; returns the log after it. */
  LogState finish(Batch out) {
    closeRun();
    boolean primary = start.superBlockPrimary();
    SuperBlock sb = start.superBlock();
    if (newSb != null) {
      SuperBlockPair.writeUpdate(buf.asSlice(used, BLOCK), sb, primary, newSb);
      runs.add(new Run(0, used, BLOCK));
      used += BLOCK;
      sb = newSb;
      primary = !primary;
      ordered = true;
    }
    out.records = records;
    out.bytes = used;
    out.ordered = ordered;
    return new LogState(h, seq, prev, sb, primary);
  }

  /** The batch's writes, one per run. */
  List<BlockDevice.IoSlice> slices() {
    List<BlockDevice.IoSlice> slices = new ArrayList<>(runs.size());
    for (Run r : runs) {
      slices.add(new BlockDevice.IoSlice(r.deviceOffset, buf.asSlice(r.stagingOffset, r.length)));
    }
    return slices;
  }

  SuperBlock.Mode mode() {
    return mode;
  }
}
