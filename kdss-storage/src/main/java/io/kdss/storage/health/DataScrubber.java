package io.kdss.storage.health;

import io.kdss.storage.StorageException;
import io.kdss.storage.compaction.ByteRateLimiter;
import io.kdss.storage.disk.ShardKey;
import io.kdss.storage.index.ShardLocation;
import io.kdss.storage.log.DiskLog;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The data layer's background check: re-reads every indexed record of a disk at a bounded
 * rate through the normal read path, which verifies header identity and both CRCs. Corrupt
 * records are counted by the disk's observer and kept here (bounded) for reporting.
 */
public final class DataScrubber {

  private static final int PAGE = 512;
  private static final int MAX_REMEMBERED = 1000;

  private final DiskLog log;
  private final ByteRateLimiter limiter;
  private final AtomicLong scrubbedRecords = new AtomicLong();
  private final AtomicLong scrubbedBytes = new AtomicLong();
  private final AtomicLong passes = new AtomicLong();
  private final Set<ShardKey> corrupt = new ConcurrentSkipListSet<>();
  private volatile double progress;

  public DataScrubber(DiskLog log, long bytesPerSec) {
    this.log = log;
    this.limiter = new ByteRateLimiter(bytesPerSec);
  }

  /** One full pass over the disk's shards; returns the corrupt ones found in it. */
  public int pass() throws InterruptedException {
    long total = Math.max(1, log.shardCount());
    long done = 0;
    int found = 0;
    long from = 0;
    while (true) {
      List<Map.Entry<ShardKey, ShardLocation>> page = log.list(from, Long.MAX_VALUE, PAGE);
      for (Map.Entry<ShardKey, ShardLocation> e : page) {
        limiter.acquire(e.getValue().footprint());
        if (!check(e.getKey())) {
          found++;
        }
        scrubbedRecords.incrementAndGet();
        scrubbedBytes.addAndGet(e.getValue().footprint());
        progress = Math.min(1.0, ++done / (double) total);
      }
      if (page.size() < PAGE) {
        break;
      }
      ShardKey last = page.getLast().getKey();
      from = last.stripeId() + 1;
      // Shards of the last stripe after the page end are checked by listing that stripe alone.
      for (Map.Entry<ShardKey, ShardLocation> e : log.list(last.stripeId(), last.stripeId() + 1, Integer.MAX_VALUE)) {
        if (e.getKey().shardIndex() > last.shardIndex() && !check(e.getKey())) {
          found++;
        }
      }
    }
    passes.incrementAndGet();
    progress = 1.0;
    return found;
  }

  private boolean check(ShardKey key) {
    try {
      // Reading verifies both CRCs; the bytes themselves are not needed.
      log.read(key).thenAccept(b -> {
        if (b != null) {
          b.close();
        }
      }).join();
      corrupt.remove(key);
      return true;
    } catch (CompletionException e) {
      if (e.getCause() instanceof StorageException.Corrupt) {
        if (corrupt.size() < MAX_REMEMBERED) {
          corrupt.add(key);
        }
        return false;
      }
      return true;
    }
  }

  public long scrubbedRecords() {
    return scrubbedRecords.get();
  }

  public long scrubbedBytes() {
    return scrubbedBytes.get();
  }

  public long passes() {
    return passes.get();
  }

  /** Fraction of the current (or last) pass done, 0..1. */
  public double progress() {
    return progress;
  }

  public Set<ShardKey> corruptShards() {
    return corrupt;
  }
}
