package io.kdss.master.repair;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The leader's in-memory side of one {@link RepairTask} in COPY or VERIFY: the stripes still
 * to order, the orders out, retries. It is rebuilt from the document after a failover (the
 * cursor says what is done), so nothing here needs to be durable.
 */
final class TaskRun {

  /** Failed orders of one stripe before it is recorded as unrepairable. */
  static final int MAX_TRIES = 3;

  RepairTask task;
  final Deque<GroupStripes.StripeInfo> queue = new ArrayDeque<>();
  /** Stripes not done yet (queued or ordered), for the cursor. */
  final TreeSet<Long> pending = new TreeSet<>();
  /** Stripe id -> (order sent at ms, node). */
  final Map<Long, Sent> inFlight = new HashMap<>();
  final Map<Long, Integer> tries = new HashMap<>();
  final List<Long> unrepairable = new ArrayList<>();
  long total;
  long done;
  long maxListed = -1;
  boolean loaded;
  boolean busy;
  boolean dirty;
  long loggedMs = System.currentTimeMillis();

  record Sent(long atMs, String nodeId, long orderId, GroupStripes.StripeInfo stripe) {
  }

  TaskRun(RepairTask task) {
    this.task = task;
    this.unrepairable.addAll(task.unrepairable());
  }

  /** Starts from a listing of the group's stripes: those after the cursor are still to do. */
  void load(List<GroupStripes.StripeInfo> stripes) {
    queue.clear();
    pending.clear();
    inFlight.clear();
    long cursor = task.cursor();
    done = 0;
    for (GroupStripes.StripeInfo s : stripes) {
      maxListed = Math.max(maxListed, s.stripeId());
      if (s.stripeId() <= cursor || unrepairable.contains(s.stripeId())) {
        done++;
      } else {
        queue.add(s);
        pending.add(s.stripeId());
      }
    }
    total = stripes.size();
    loaded = true;
    dirty = true;
  }

  /** Puts stripes found missing on the target back in the queue (VERIFY). */
  void redo(List<GroupStripes.StripeInfo> missing, long listedTotal) {
    for (GroupStripes.StripeInfo s : missing) {
      if (pending.add(s.stripeId())) {
        queue.add(s);
      }
    }
    total = listedTotal;
    done = Math.max(0, listedTotal - pending.size() - unrepairable.size());
    dirty = true;
  }

  void finished(long stripeId) {
    inFlight.remove(stripeId);
    if (pending.remove(stripeId)) {
      done++;
      dirty = true;
    }
  }

  /** Records a failed order; true when the stripe is given up as unrepairable. */
  boolean failed(GroupStripes.StripeInfo s) {
    inFlight.remove(s.stripeId());
    int n = tries.merge(s.stripeId(), 1, Integer::sum);
    if (n >= MAX_TRIES) {
      pending.remove(s.stripeId());
      unrepairable.add(s.stripeId());
      done++;
      dirty = true;
      return true;
    }
    queue.add(s);
    return false;
  }

  /** Every stripe with an id up to this one is done. */
  long cursor() {
    return pending.isEmpty() ? Math.max(task.cursor(), maxListed) : pending.first() - 1;
  }

  boolean drained() {
    return queue.isEmpty() && inFlight.isEmpty();
  }

  RepairTask snapshot() {
    return task.withProgress(total, done, cursor(), unrepairable);
  }
}
