package io.kdss.master.namespace;

import io.vertx.core.json.JsonObject;

/**
 * Entry documents as the uploads begun on this master left them, by content id, so that the
 * upload's commit (usually the next call for it, and to the same master) starts from that
 * version instead of reading the entry again: one metadata read fewer per small PUT. Only a
 * hint: every use ends in a compare-and-set on the entry's version, so a stale document costs
 * a retry, never a wrong decision. Bounded; the oldest are forgotten (their commits read).
 */
final class BegunUploads {

  /** Uploads remembered; an upload open longer than it takes this many others to begin reads on commit. */
  static final int DEFAULT_CAPACITY = 4096;

  private final BoundedLru<Long, JsonObject> byContent;

  BegunUploads(int capacity) {
    this.byContent = new BoundedLru<>(capacity);
  }

  void put(long cid, JsonObject entry) {
    byContent.put(cid, entry);
  }

  /** The entry upload {@code cid} of entry {@code id} began with, once; null when not known here. */
  JsonObject take(long cid, long id) {
    JsonObject e = byContent.remove(cid);
    return e != null && e.getLong("_id") == id ? e : null;
  }
}
