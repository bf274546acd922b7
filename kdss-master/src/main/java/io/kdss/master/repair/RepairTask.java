package io.kdss.master.repair;

import io.kdss.proto.RepairTask.Builder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One group's repair or move, as recorded in {@code repairs} (one document per group, so two
 * leaders can never run two tasks on one group):
 * <pre>
 * {_id: groupId, kind: REPAIR|DRAIN|REBALANCE, state: COPY|VERIFY|SWAP|CLEANUP,
 *  member: i, from: diskId, to: diskId, toNode, total, done, cursor, unrepairable: [stripeId],
 *  startedMs, swappedMs, fence}
 * </pre>
 * {@code cursor}: every stripe of the group with an id up to it is on the target disk (stripes
 * complete out of order; the cursor moves over the finished prefix and is what a new leader
 * resumes from). States, in order:
 * <ul>
 *   <li>COPY: RepairShard orders put shard {@code member} of every stripe on {@code to};</li>
 *   <li>VERIFY: the target disk is listed and compared with the group's stripes (stripes
 *       recorded late, lost answers); what is missing goes back to COPY;</li>
 *   <li>SWAP: the group's member {@code member} becomes {@code to} (one fenced update);</li>
 *   <li>CLEANUP: the old member's shards are deleted (moves), then the document goes.</li>
 * </ul>
 */
public record RepairTask(long groupId, Kind kind, State state, int member, String from, String to, String toNode,
    long total, long done, long cursor, List<Long> unrepairable, long startedMs, long swappedMs, long fence) {

  /** Most stripes remembered as unrepairable per task (the count is what matters beyond it). */
  static final int MAX_UNREPAIRABLE = 1000;

  /** Why a member moves: lost (rebuild from survivors), drained or rebalanced (copy, rebuild as fallback). */
  public enum Kind { REPAIR, DRAIN, REBALANCE }

  public enum State { COPY, VERIFY, SWAP, CLEANUP }

  public static RepairTask fromJson(JsonObject d) {
    List<Long> bad = new ArrayList<>();
    d.getJsonArray("unrepairable", new JsonArray()).forEach(o -> bad.add(((Number) o).longValue()));
    return new RepairTask(d.getLong("_id"), Kind.valueOf(d.getString("kind")), State.valueOf(d.getString("state")),
        d.getInteger("member"), d.getString("from"), d.getString("to"), d.getString("toNode"),
        d.getLong("total", 0L), d.getLong("done", 0L), d.getLong("cursor", -1L), List.copyOf(bad),
        d.getLong("startedMs", 0L), d.getLong("swappedMs", 0L), d.getLong("fence", 0L));
  }

  public JsonObject toJson() {
    return new JsonObject().put("_id", groupId).put("kind", kind.name()).put("state", state.name())
        .put("member", member).put("from", from).put("to", to).put("toNode", toNode)
        .put("total", total).put("done", done).put("cursor", cursor)
        .put("unrepairable", new JsonArray(new ArrayList<>(unrepairable)))
        .put("startedMs", startedMs).put("swappedMs", swappedMs).put("fence", fence);
  }

  public RepairTask withState(State next) {
    return new RepairTask(groupId, kind, next, member, from, to, toNode, total, done, cursor, unrepairable, startedMs,
        swappedMs, fence);
  }

  public RepairTask withProgress(long total, long done, long cursor, List<Long> unrepairable) {
    return new RepairTask(groupId, kind, state, member, from, to, toNode, total, done, cursor,
        List.copyOf(unrepairable.subList(0, Math.min(unrepairable.size(), MAX_UNREPAIRABLE))), startedMs, swappedMs,
        fence);
  }

  public RepairTask swapped(long atMs) {
    return new RepairTask(groupId, kind, State.CLEANUP, member, from, to, toNode, total, done, cursor, unrepairable,
        startedMs, atMs, fence);
  }

  /** Stripes still to do. */
  public long remaining() {
    return state == State.COPY || state == State.VERIFY ? Math.max(0, total - done) : 0;
  }

  public io.kdss.proto.RepairTask toProto() {
    Builder b = io.kdss.proto.RepairTask.newBuilder().setGroupId(groupId).setKind(kind.name()).setState(state.name())
        .setMemberIndex(member).setFromDisk(from).setToDisk(to).setStripesTotal(total).setStripesDone(done)
        .setStartedMs(startedMs).setEpoch(fence).setStripesUnrepairable(unrepairable.size());
    return b.build();
  }
}
