package io.kdss.storage.compaction;

import io.kdss.storage.disk.RecordType;
import io.kdss.storage.disk.ShardKey;
import io.kdss.storage.disk.TombstonePayload;
import io.kdss.storage.index.CompactionRecord;
import io.kdss.storage.index.CompactionRecord.Phase;
import io.kdss.storage.index.SegmentState;
import io.kdss.storage.index.SegmentStats;
import io.kdss.storage.index.ShardLocation;
import io.kdss.storage.log.DiskLog;
import io.kdss.storage.log.ScannedRecord;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reclaims the garbage of sealed segments: copies their live records to the append head
 * and frees them. A durable state machine (Ambry's CompactionLog), one segment at a time:
 *
 * <pre>
 * PREPARE  segment chosen, recorded in the index
 * COPY     live records re-appended (a copy is written only if the shard still lives in
 *          the segment, checked by the append thread, so deletes and overwrites win)
 * COMMIT   the segment holds no live bytes any more
 * CLEANUP  its first block is zeroed and it is marked FREE; then the record is deleted (DONE)
 * </pre>
 * {@link #cleanUpAndRecover()} finishes or redoes an interrupted compaction: every step is
 * idempotent (a record already copied is no longer live in the segment; freeing a free
 * segment is a no-op). Reads and rewrites are rate-limited.
 */
public final class SegmentCompactor {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentCompactor.class);
  private static final long COPY_WINDOW_BYTES = 8L << 20;

  private final DiskLog log;
  private final CompactionOptions options;
  private final ByteRateLimiter limiter;
  private final AtomicLong compactedSegments = new AtomicLong();
  private final AtomicLong copiedBytes = new AtomicLong();
  private volatile int running = -1;

  public SegmentCompactor(DiskLog log, CompactionOptions options) {
    this.log = log;
    this.options = options;
    this.limiter = new ByteRateLimiter(options.rateBytesPerSec());
  }

  public long compactedSegments() {
    return compactedSegments.get();
  }

  public long copiedBytes() {
    return copiedBytes.get();
  }

  /** The segment being compacted, or -1. */
  public int running() {
    return running;
  }

  /** Finishes a compaction a crash interrupted; a no-op when none was running. */
  public void cleanUpAndRecover() throws IOException, InterruptedException {
    CompactionRecord rec = log.compactionRecord();
    if (rec == null) {
      return;
    }
    LOG.atInfo().addKeyValue("disk", log.name()).addKeyValue("segment", rec.segment())
        .addKeyValue("phase", rec.phase()).log("resuming an interrupted compaction");
    SegmentStats st = log.segmentStats(rec.segment());
    if (st.state() == SegmentState.FREE) {
      log.saveCompactionRecord(null);
      return;
    }
    compact(rec.segment());
  }

  /** The sealed segment with the most garbage above the threshold, or -1. */
  public int pickCandidate() {
    int best = -1;
    long bestGarbage = 0;
    long segBytes = log.layout().segmentBytes();
    for (int s = 0; s < log.segmentCount(); s++) {
      SegmentStats st = log.segmentStats(s);
      long garbage = segBytes - st.liveBytes();
      if (st.state() == SegmentState.SEALED && s != log.headSegment()
          && garbage >= options.garbageRatio() * segBytes && garbage > bestGarbage) {
        best = s;
        bestGarbage = garbage;
      }
    }
    return best;
  }

  /** Compacts candidates until none is left; returns how many segments were freed. */
  public int compactAll() throws IOException, InterruptedException {
    int n = 0;
    int s;
    while ((s = pickCandidate()) >= 0) {
      if (!compact(s)) {
        break;
      }
      n++;
    }
    return n;
  }

  /** Runs the state machine for one segment; false if it had to stop (the record stays for a retry). */
  public boolean compact(int segment) throws IOException, InterruptedException {
    running = segment;
    try {
      log.saveCompactionRecord(new CompactionRecord(segment, Phase.PREPARE));
      log.saveCompactionRecord(new CompactionRecord(segment, Phase.COPY));
      copyLive(segment);
      if (log.segmentStats(segment).liveBytes() != 0) {
        LOG.atWarn().addKeyValue("disk", log.name()).addKeyValue("segment", segment)
            .addKeyValue("live", log.segmentStats(segment).liveBytes()).log("segment still has live bytes after the copy");
        return false;
      }
      log.saveCompactionRecord(new CompactionRecord(segment, Phase.COMMIT));
      log.saveCompactionRecord(new CompactionRecord(segment, Phase.CLEANUP));
      log.free(segment).join();
      log.saveCompactionRecord(null);
      compactedSegments.incrementAndGet();
      LOG.atDebug().addKeyValue("disk", log.name()).addKeyValue("segment", segment).log("segment compacted");
      return true;
    } catch (java.util.concurrent.CompletionException e) {
      LOG.atWarn().addKeyValue("disk", log.name()).addKeyValue("segment", segment)
          .addKeyValue("error", String.valueOf(e.getCause())).log("compaction stopped; it resumes later");
      return false;
    } finally {
      running = -1;
    }
  }

  private void copyLive(int segment) throws IOException, InterruptedException {
    long keepTombstonesAbove = log.minOriginSequenceExcept(segment);
    List<CompletableFuture<?>> window = new ArrayList<>();
    long[] windowBytes = {0};
    log.scan(segment, rec -> {
      limitAndCopy(rec, keepTombstonesAbove, window, windowBytes);
      if (windowBytes[0] >= COPY_WINDOW_BYTES) {
        drain(window);
        windowBytes[0] = 0;
      }
      return true;
    });
    drain(window);
  }

  private void limitAndCopy(ScannedRecord rec, long keepAbove, List<CompletableFuture<?>> window, long[] windowBytes)
      throws IOException {
    try {
      limiter.acquire(rec.header().footprint());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("compaction interrupted", e);
    }
    var h = rec.header();
    if (h.type() == RecordType.SHARD) {
      ShardKey key = new ShardKey(h.stripeId(), h.shardIndex());
      ShardLocation loc = log.stat(key);
      if (loc != null && loc.position().equals(rec.position()) && loc.sequence() == h.sequence()) {
        MemorySegment copy = MemorySegment.ofArray(rec.payload().toArray(ValueLayout.JAVA_BYTE));
        window.add(log.copy(key, copy, loc));
        windowBytes[0] += h.footprint();
        copiedBytes.addAndGet(h.footprint());
      }
    } else if (h.type() == RecordType.TOMBSTONE && h.originSequence() > keepAbove) {
      // Some segment may still hold a write older than this tombstone: keep it.
      List<ShardKey> keys = TombstonePayload.read(rec.payload());
      window.add(log.copyTombstone(keys, h.originSequence()));
      windowBytes[0] += h.footprint();
    }
  }

  private static void drain(List<CompletableFuture<?>> window) {
    CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).join();
    window.clear();
  }
}
