package io.kdss.master.lease;

import io.vertx.core.json.JsonObject;

/**
 * The fencing token of one leadership term. Documents the leader's singletons own (node
 * states, group states, garbage bookkeeping) carry a {@code fence} field: the epoch of the
 * last leader that wrote them. A write is conditioned on that field not being newer than
 * this epoch, so once a newer leader has touched a document, a deposed leader that still
 * believes it leads (a long pause, a partition) has its writes refused by MongoDB itself.
 */
public record Fence(long epoch) {

  public static final String FIELD = "fence";

  /** {@code query} plus "no newer leader has written this document". */
  public JsonObject guard(JsonObject query) {
    return query.copy().put(FIELD, new JsonObject().put("$not", new JsonObject().put("$gt", epoch)));
  }

  /** {@code set} (a {@code $set} body) plus this epoch as the document's fence. */
  public JsonObject stamp(JsonObject set) {
    return set.copy().put(FIELD, epoch);
  }
}
