package io.kdss.master.placement;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts bytes recorded into EC groups ({@link GroupStore#addBytes}) in batches: counts are
 * summed in memory per group and written at most once per {@link #FLUSH_MS} per group, not
 * once per recorded write (a small-object PUT would otherwise cost a metadata write, and a
 * commit of the store, for its counter alone). The counter only decides when a group is
 * sealed for size, so a crash losing the last interval's counts lets a group grow that much
 * past its limit: the same best effort as before, when counter updates were not awaited.
 */
public final class GroupByteCounter {

  /** Longest time a count waits in memory before it is written, in milliseconds. */
  public static final long FLUSH_MS = 200;

  private static final Logger LOG = LoggerFactory.getLogger(GroupByteCounter.class);

  private final Vertx vertx;
  private final GroupStore groups;
  private final Map<Long, Long> unwritten = new HashMap<>();
  private boolean scheduled;

  public GroupByteCounter(Vertx vertx, GroupStore groups) {
    this.vertx = vertx;
    this.groups = groups;
  }

  /** Adds {@code bytes} to group {@code id}'s count; written within {@link #FLUSH_MS}. */
  public synchronized void add(long id, long bytes) {
    unwritten.merge(id, bytes, Long::sum);
    if (!scheduled) {
      scheduled = true;
      vertx.setTimer(FLUSH_MS, t -> flush());
    }
  }

  /** Writes every count held in memory now; completes when they are written. */
  public Future<Void> flush() {
    Map<Long, Long> batch;
    synchronized (this) {
      scheduled = false;
      batch = new HashMap<>(unwritten);
      unwritten.clear();
    }
    List<Future<Void>> writes = new ArrayList<>(batch.size());
    batch.forEach((id, bytes) -> writes.add(groups.addBytes(id, bytes).onFailure(e -> LOG.atWarn()
        .addKeyValue("group", id).addKeyValue("bytes", bytes).setCause(e).log("group byte count not written"))));
    return Future.join(writes).mapEmpty();
  }
}
