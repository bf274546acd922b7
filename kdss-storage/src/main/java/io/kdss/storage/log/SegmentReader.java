package io.kdss.storage.log;

import io.kdss.storage.StorageException;
import io.kdss.storage.disk.DiskLayout;
import io.kdss.storage.disk.RecordHeader;
import io.kdss.storage.disk.SegmentOffset;
import io.kdss.storage.io.AlignedBuffers;
import io.kdss.storage.io.BlockDevice;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ExecutionException;

/**
 * Reads one segment's records in order from a position, in large aligned chunks, and
 * validates each (header, disk tag, payload CRC). Records are packed (see
 * {@link RecordHeader}): where no valid header starts at a position inside a block, the rest
 * of that block is a group commit's padding and the next record starts at the next block.
 * It stops at the first record that fails and says why: recovery stops the log there,
 * compaction and rebuild treat it as the end. Callers check that each record continues the
 * chain of the one before, which is what makes skipping padding safe.
 */
final class SegmentReader implements AutoCloseable {

  private final BlockDevice device;
  private final DiskLayout layout;
  private final AlignedBuffers buffers;
  private final int segment;
  private final long diskTag;
  private final int chunkBytes;
  private AlignedBuffers.Buffer chunk;
  private long chunkStart = -1;
  private long chunkLength;
  private long position;
  private String stopReason;
  private ScannedRecord badPayload;

  SegmentReader(BlockDevice device, DiskLayout layout, AlignedBuffers buffers, long diskTag, SegmentOffset from,
      int chunkBytes) {
    this.device = device;
    this.layout = layout;
    this.buffers = buffers;
    this.segment = from.segment();
    this.position = from.offset();
    this.diskTag = diskTag;
    this.chunkBytes = chunkBytes;
  }

  /** The next valid record, or null at the end of the valid records ({@link #stopReason()} says why). */
  ScannedRecord next() throws IOException {
    badPayload = null;
    while (true) {
      if (position + RecordHeader.BYTES > layout.segmentBytes()) {
        stopReason = "end of segment";
        return null;
      }
      ensure(position, RecordHeader.BYTES);
      RecordHeader h;
      try {
        h = RecordHeader.read(chunk.segment().asSlice(position - chunkStart), diskTag);
      } catch (StorageException.Corrupt e) {
        if (position % RecordHeader.BLOCK != 0) {
          position = (position + RecordHeader.BLOCK - 1) & -RecordHeader.BLOCK;
          continue;
        }
        stopReason = e.getMessage();
        return null;
      }
      return payloadOf(h);
    }
  }

  private ScannedRecord payloadOf(RecordHeader h) throws IOException {
    long bytes = h.footprint();
    if (position + bytes > layout.segmentBytes()) {
      stopReason = "record runs past the end of the segment";
      return null;
    }
    ensure(position, bytes);
    MemorySegment at = chunk.segment().asSlice(position - chunkStart);
    MemorySegment payload = at.asSlice(RecordHeader.BYTES, Integer.toUnsignedLong(h.payloadLength()));
    if (RecordHeader.payloadCrc(payload) != h.payloadCrc()) {
      stopReason = "payload CRC mismatch at " + segment + ":" + position + " (sequence " + h.sequence() + ")";
      badPayload = new ScannedRecord(h, RecordHeader.storedCrc(at), new SegmentOffset(segment, position), null);
      return null;
    }
    ScannedRecord r = new ScannedRecord(h, RecordHeader.storedCrc(at), new SegmentOffset(segment, position), payload);
    position += bytes;
    return r;
  }

  /**
   * After {@link #next} stopped at a record whose header is valid but whose payload fails its
   * CRC: that record without its payload ({@link ScannedRecord#payload()} null), and the
   * reader moves past it, so a caller can go on along the chain (rebuild, and recovery
   * measuring how far the log goes on past a damaged record). Null if the stop had another cause.
   */
  ScannedRecord skipBadPayload() {
    ScannedRecord r = badPayload;
    if (r != null) {
      badPayload = null;
      position += r.header().footprint();
    }
    return r;
  }

  String stopReason() {
    return stopReason;
  }

  SegmentOffset position() {
    return new SegmentOffset(segment, position);
  }

  /** Makes bytes [from, from + length) of the segment available in the chunk buffer (read in whole blocks). */
  private void ensure(long from, long length) throws IOException {
    if (chunkStart >= 0 && from >= chunkStart && from + length <= chunkStart + chunkLength) {
      return;
    }
    long start = from & -RecordHeader.BLOCK;
    long end = (from + length + RecordHeader.BLOCK - 1) & -RecordHeader.BLOCK;
    long ahead = chunkStart < 0 && end - start <= RecordHeader.BLOCK ? RecordHeader.BLOCK : chunkBytes;
    long want = Math.min(Math.max(ahead, end - start), layout.segmentBytes() - start);
    if (chunk == null || chunk.segment().byteSize() < want) {
      if (chunk != null) {
        buffers.release(chunk);
      }
      chunk = buffers.take(Math.max(want, Math.min(chunkBytes, layout.segmentBytes())));
    }
    MemorySegment target = chunk.segment().asSlice(0, want);
    try {
      device.read(layout.deviceOffset(segment, start), target).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
    chunkStart = start;
    chunkLength = want;
  }

  @Override
  public void close() {
    if (chunk != null) {
      buffers.release(chunk);
      chunk = null;
    }
  }
}
