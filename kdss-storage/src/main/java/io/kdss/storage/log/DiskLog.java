package io.kdss.storage.log;

import io.kdss.storage.StorageException;
import io.kdss.storage.disk.DiskLayout;
import io.kdss.storage.disk.RecordHeader;
import io.kdss.storage.disk.RecordType;
import io.kdss.storage.disk.SegmentOffset;
import io.kdss.storage.disk.ShardKey;
import io.kdss.storage.disk.SuperBlock;
import io.kdss.storage.index.CompactionRecord;
import io.kdss.storage.index.IndexBatch;
import io.kdss.storage.index.SegmentStats;
import io.kdss.storage.index.ShardIndex;
import io.kdss.storage.index.ShardLocation;
import io.kdss.storage.io.AlignedBuffers;
import io.kdss.storage.io.BlockDevice;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * One disk's append-only log and its index: the storage engine of a disk. Writes go
 * through the {@link AppendWriter} (group commit, acknowledged when durable and indexed);
 * reads look the shard up in the index, read its record with one aligned direct read, and
 * return the payload only if the header names this shard and both CRCs match.
 *
 * <p>{@link #open} recovers first ({@link LogRecovery}): the log is the truth, the index is
 * caught up (or rebuilt) from it.
 */
public final class DiskLog implements AutoCloseable {

  /** A shard can move (compaction) between the index lookup and the read: look it up again this often. */
  private static final int MAX_READ_ATTEMPTS = 5;

  private final BlockDevice device;
  private final ShardIndex index;
  private final DiskLogOptions options;
  private final DiskObserver observer;
  private final Executor cpu;
  private final AlignedBuffers buffers;
  private final DiskLayout layout;
  private final SegmentTable table;
  private final String name;
  private final long diskTag;
  private final SuperBlock formatted;
  private AppendWriter writer;

  private DiskLog(BlockDevice device, ShardIndex index, DiskLogOptions options, DiskObserver observer, Executor cpu,
      AlignedBuffers buffers, SuperBlock sb, SegmentTable table) {
    this.device = device;
    this.index = index;
    this.options = options;
    this.observer = observer;
    this.cpu = cpu;
    this.buffers = buffers;
    this.layout = sb.layout();
    this.table = table;
    this.formatted = sb;
    this.diskTag = sb.diskTag();
    this.name = sb.diskId().toString().substring(0, 8);
  }

  /** Opens a formatted disk: reads its superblocks, recovers the index from the log, starts the writer. */
  public static DiskLog open(BlockDevice device, ShardIndex index, DiskLogOptions options, DiskObserver observer,
      Executor cpu, AlignedBuffers buffers) throws IOException {
    LogRecovery recovery = new LogRecovery(device, index, options, buffers);
    LogState state;
    try {
      state = recovery.recover();
    } catch (IOException | RuntimeException e) {
      index.close();
      device.close();
      throw e;
    }
    DiskLog log = new DiskLog(device, index, options, observer, cpu, buffers, state.superBlock(), recovery.table());
    log.writer = new AppendWriter(log, state);
    return log;
  }

  public String name() {
    return name;
  }

  /**
   * Why this disk can no longer be written at all (its device's I/O thread died, or its
   * index failed and the append thread stopped), or null.
   */
  public String failure() {
    String f = device.failure();
    return f != null ? f : writer.failure();
  }

  AppendWriter writer() {
    return writer;
  }

  public SuperBlock superBlock() {
    return writer.superBlock();
  }

  public SuperBlock.Mode mode() {
    return writer.mode();
  }

  public BlockDevice device() {
    return device;
  }

  public DiskLayout layout() {
    return layout;
  }

  public DiskLogOptions options() {
    return options;
  }

  ShardIndex index() {
    return index;
  }

  SegmentTable table() {
    return table;
  }

  DiskObserver observer() {
    return observer;
  }

  AlignedBuffers buffers() {
    return buffers;
  }

  /**
   * Appends a shard whose payload CRC32C the caller computed (or received from the client):
   * the append thread checks it against the bytes as it copies them into the batch, so a
   * payload damaged on the way (or changed after this call) is refused with
   * {@link StorageException.Corrupt} and nothing is written. {@code payload} must stay valid
   * until the future completes.
   */
  public CompletableFuture<ShardLocation> put(ShardKey key, MemorySegment payload, int payloadCrc) {
    if (payload.byteSize() > options.maxShardBytes()) {
      return CompletableFuture.failedFuture(new StorageException.Refused("shard of " + payload.byteSize()
          + " bytes exceeds the limit of " + options.maxShardBytes()));
    }
    if (RecordHeader.footprint(payload.byteSize()) + 2L * RecordHeader.BLOCK > layout.segmentBytes()) {
      return CompletableFuture.failedFuture(new StorageException.Refused("shard of " + payload.byteSize()
          + " bytes does not fit in a segment of " + layout.segmentBytes() + " bytes on disk " + name));
    }
    Append a = Append.shard(key, payload, payloadCrc);
    writer.submit(a);
    return a.future;
  }

  /** Writes one tombstone for {@code keys}; shards that do not exist are ignored. */
  public CompletableFuture<Void> delete(List<ShardKey> keys) {
    if (keys.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    int max = (int) ((options.maxShardBytes() - 4) / 12);
    if (keys.size() > max) {
      return CompletableFuture.failedFuture(new StorageException.Refused("at most " + max + " deletes per call"));
    }
    Append a = Append.tombstone(List.copyOf(keys));
    writer.submit(a);
    return a.future.thenApply(x -> null);
  }

  /** The shard's location and CRC from the index, or null (no disk read). */
  public ShardLocation stat(ShardKey key) {
    return index.get(key);
  }

  public List<Map.Entry<ShardKey, ShardLocation>> list(long fromStripe, long toStripe, int limit) {
    return index.range(fromStripe, toStripe, limit);
  }

  public long shardCount() {
    return index.shardCount();
  }

  /**
   * Reads a shard into a heap array; completes with null if it does not exist, fails with
   * Corrupt if its bytes are bad. The data plane uses {@link #read}, which does not copy.
   */
  public CompletableFuture<ShardData> get(ShardKey key) {
    return read(key).thenApply(b -> {
      if (b == null) {
        return null;
      }
      try (b) {
        return new ShardData(b.payload().toArray(ValueLayout.JAVA_BYTE), b.location());
      }
    });
  }

  /**
   * Reads a shard and verifies it, leaving it in a pooled buffer the caller must close;
   * completes with null if the shard does not exist, fails with Corrupt if its bytes are bad.
   */
  public CompletableFuture<ShardBuffer> read(ShardKey key) {
    return read(key, MAX_READ_ATTEMPTS);
  }

  private CompletableFuture<ShardBuffer> read(ShardKey key, int attemptsLeft) {
    boolean mayRetry = attemptsLeft > 1;
    ShardLocation loc = index.get(key);
    if (loc == null) {
      return CompletableFuture.completedFuture(null);
    }
    long started = System.nanoTime();
    // Records are packed: read the whole blocks that hold this one.
    long at = layout.deviceOffset(loc.position());
    long start = RecordHeader.readStart(at);
    long length = RecordHeader.readEnd(at, Integer.toUnsignedLong(loc.payloadLength())) - start;
    AlignedBuffers.Buffer buf = buffers.take(length);
    CompletableFuture<Void> io;
    try {
      io = device.read(start, buf.segment());
    } catch (RuntimeException e) {
      buffers.release(buf);
      return CompletableFuture.failedFuture(e);
    }
    return io.handleAsync((v, err) -> {
      boolean keep = false;
      try {
        if (err != null) {
          Throwable cause = err instanceof CompletionException ? err.getCause() : err;
          observer.ioError(cause);
          if (device.failure() != null) {
            observer.fatal(device.failure());
          }
          throw new StorageException.Unavailable("read of " + key + " on " + name + " failed: " + cause.getMessage(), cause);
        }
        MemorySegment payload = verify(key, loc, buf.segment().asSlice(at - start), mayRetry);
        if (payload == null) {
          return null;
        }
        observer.read(length, System.nanoTime() - started);
        keep = true;
        return new ShardBuffer(buffers, buf, payload, loc);
      } finally {
        if (!keep) {
          buffers.release(buf);
        }
      }
    }, cpu).thenCompose(d -> d != null ? CompletableFuture.completedFuture(d) : read(key, attemptsLeft - 1));
  }

  /**
   * Checks a record read from {@code loc}: the header is valid and names this shard and
   * sequence, the payload CRC matches. Returns the payload, or null when the shard moved
   * meanwhile (compaction), so the caller looks it up again.
   */
  private MemorySegment verify(ShardKey key, ShardLocation loc, MemorySegment rec, boolean mayRetry) {
    String problem;
    try {
      RecordHeader h = RecordHeader.read(rec, diskTag);
      if (h.type() != RecordType.SHARD || h.stripeId() != key.stripeId() || h.shardIndex() != key.shardIndex()
          || h.sequence() != loc.sequence()) {
        problem = "record at " + loc.position() + " is not shard " + key + " sequence " + loc.sequence();
      } else {
        MemorySegment payload = rec.asSlice(RecordHeader.BYTES, Integer.toUnsignedLong(h.payloadLength()));
        if (RecordHeader.payloadCrc(payload) != h.payloadCrc() || h.payloadCrc() != loc.payloadCrc()) {
          problem = "payload CRC mismatch for shard " + key + " at " + loc.position();
          observer.corruption(problem);
          throw new StorageException.Corrupt(problem + " on disk " + name);
        }
        return payload;
      }
    } catch (StorageException.Corrupt e) {
      problem = e.getMessage();
      if (problem.startsWith("payload CRC")) {
        throw e;
      }
    }
    if (mayRetry && !loc.equals(index.get(key))) {
      return null;
    }
    observer.corruption(problem);
    throw new StorageException.Corrupt(problem + " on disk " + name + " (shard " + key + " at " + loc.position()
        + " sequence " + loc.sequence() + ", segment " + table.get(loc.position().segment()) + ")");
  }

  /** Space numbers (capacity = used + garbage + free). */
  public SegmentTable.Space space() {
    return table.space(writer.head().offset());
  }

  public int segmentCount() {
    return table.count();
  }

  public SegmentStats segmentStats(int segment) {
    return table.get(segment);
  }

  public int headSegment() {
    return writer.head().segment();
  }

  /** Changes what the disk accepts at once, and persists it in the superblock if the disk still can. */
  public CompletableFuture<Void> setMode(SuperBlock.Mode mode) {
    writer.overrideMode(mode);
    Append a = Append.mode(mode);
    writer.submit(a);
    return a.future.thenApply(x -> null);
  }

  // ---- compaction support: copies, frees and the durable compaction record ----

  /** Re-appends a live record of a segment being compacted, if the shard still lives at {@code source}. */
  public CompletableFuture<ShardLocation> copy(ShardKey key, MemorySegment payload, ShardLocation source) {
    Append a = Append.copy(key, payload, source);
    writer.submit(a);
    return a.future;
  }

  /** Re-appends a tombstone of a segment being compacted, keeping its origin sequence. */
  public CompletableFuture<Void> copyTombstone(List<ShardKey> keys, long originSequence) {
    Append a = Append.tombstoneCopy(List.copyOf(keys), originSequence);
    writer.submit(a);
    return a.future.thenApply(x -> null);
  }

  /** The smallest origin sequence still present in any non-free segment other than {@code except}. */
  public long minOriginSequenceExcept(int except) {
    long min = Long.MAX_VALUE;
    for (int s = 0; s < table.count(); s++) {
      SegmentStats st = table.get(s);
      if (s != except && st.state() != io.kdss.storage.index.SegmentState.FREE) {
        min = Math.min(min, st.minOriginSequence());
      }
    }
    return min;
  }

  /** Marks a sealed segment with no live bytes free (its first block zeroed first). */
  public CompletableFuture<Void> free(int segment) {
    Append a = Append.free(segment);
    writer.submit(a);
    return a.future.thenApply(x -> null);
  }

  public CompactionRecord compactionRecord() {
    return index.compaction();
  }

  /** Sets or (with null) clears the compaction record, durably. */
  public void saveCompactionRecord(CompactionRecord record) {
    IndexBatch b = new IndexBatch(index);
    b.compaction(record);
    index.apply(b);
    index.sync();
  }

  /** Visits the valid records of a segment in order; returns why the scan stopped. */
  public String scan(int segment, RecordVisitor visitor) throws IOException {
    try (SegmentReader r = new SegmentReader(device, layout, buffers, diskTag,
        new SegmentOffset(segment, 0), options.scanChunkBytes())) {
      ScannedRecord rec;
      ScannedRecord prev = null;
      while ((rec = r.next()) != null) {
        if (prev != null && (rec.header().sequence() != prev.header().sequence() + 1
            || rec.header().prevHeaderCrc() != prev.headerCrc())) {
          return "chain ends";
        }
        if (!visitor.visit(rec)) {
          return "stopped";
        }
        if (rec.header().type() == RecordType.SEAL) {
          return "sealed";
        }
        prev = rec;
      }
      return r.stopReason();
    }
  }

  /** Receives scanned records; returns false to stop. */
  public interface RecordVisitor {
    boolean visit(ScannedRecord record) throws IOException;
  }

  /** Stops the writer after the queued writes, syncs and closes the index and the device. */
  @Override
  public void close() {
    // A writer stuck in the device may still apply a batch: closing LMDB under it would crash the JVM.
    if (writer.close()) {
      index.close();
    }
    device.close();
  }

  /** The superblock the disk was opened with (identity never changes while open). */
  public SuperBlock identity() {
    return formatted;
  }
}
