package io.kdss.master.gc;

import io.vertx.core.Future;

/** What the collector needs from the namespace to collect a content claimed dead. */
public interface ContentReaper {

  enum Liveness {
    /** Neither the entry's content nor one of its uploads: final. */
    DEAD,
    /** Still referenced, and the entry is still at the version the claim was made at. */
    LIVE,
    /** Still referenced, but the entry has moved on: the change that would have dropped it failed. */
    LIVE_MOVED_ON
  }

  Future<Liveness> liveness(long cid, long entryId, long version);

  /** Bumps the entry's version if still {@code version}, so a late change made at it fails. */
  Future<Boolean> fence(long entryId, long version);

  /** Queues every stripe of the (dead) content and deletes its stripe map. Idempotent. */
  Future<Void> reap(long cid);
}
