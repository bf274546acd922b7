package io.kdss.storage.heartbeat;

import io.kdss.proto.DiskReport;
import io.kdss.proto.ShardId;
import io.kdss.storage.disk.ShardKey;
import io.kdss.storage.volume.Volume;

/**
 * A disk's heartbeat report with the shards its scrubber found corrupt (at most
 * {@link #MAX_CORRUPT_PER_REPORT}, lowest first; the leader rebuilds them in place and the
 * list shrinks as repairs land).
 */
public final class DiskReports {

  /** Corrupt shards named in one report of one disk. */
  public static final int MAX_CORRUPT_PER_REPORT = 256;

  private DiskReports() {
  }

  public static DiskReport of(Volume v) {
    DiskReport base = v.report();
    if (v.scrubber() == null || v.scrubber().corruptShards().isEmpty()) {
      return base;
    }
    DiskReport.Builder b = base.toBuilder();
    int n = 0;
    for (ShardKey k : v.scrubber().corruptShards()) {
      if (n++ >= MAX_CORRUPT_PER_REPORT) {
        break;
      }
      b.addCorruptShards(ShardId.newBuilder().setStripeId(k.stripeId()).setIndex(k.shardIndex()));
    }
    return b.build();
  }
}
