package io.kdss.master.repair;

import io.kdss.master.heartbeat.OrderOutbox;
import io.kdss.master.lease.Fence;
import io.kdss.master.placement.ClusterView;
import io.kdss.proto.NodeState;
import io.kdss.proto.Order;
import io.kdss.proto.OrderResult;
import io.kdss.proto.VolumeState;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives every {@link RepairTask} through its states, on the leader, one step per tick:
 * COPY sends paced RepairShard orders to the target's node and moves the cursor as answers
 * come back; VERIFY waits out the settle time, then compares the target disk with the
 * group's stripes ({@link TargetCheck}); SWAP replaces the member ({@link MemberSwap});
 * CLEANUP deletes the old member's shards after a delay ({@link OldShardCleaner}). Progress is
 * saved (fenced) every tick it changed; a new leader reloads the documents and resumes from
 * their cursors (storage nodes answer a repeated order for a shard already in place at once).
 */
final class GroupMover {

  private static final Logger LOG = LoggerFactory.getLogger(GroupMover.class);
  /** A step still running after this long is given up (logged) so one stuck call cannot stall every task. */
  static final long STEP_TIMEOUT_MS = 60_000;
  /** A long task logs its progress this often. */
  static final long PROGRESS_LOG_MS = 30_000;

  private final RepairOptions options;
  private final long orderTimeoutMs;
  private final RepairTaskStore store;
  private final GroupStripes stripes;
  private final OrderOutbox outbox;
  private final OrderPacer pacer;
  private final TargetCheck check;
  private final MemberSwap swap;
  private final OldShardCleaner cleaner;
  private final RepairProgress progress;
  private final java.util.function.Consumer<RepairTask> onFinished;
  private final Map<Long, TaskRun> runs = new LinkedHashMap<>();

  GroupMover(RepairOptions options, long orderTimeoutMs, RepairTaskStore store, GroupStripes stripes,
      OrderOutbox outbox, OrderPacer pacer, TargetCheck check, MemberSwap swap, OldShardCleaner cleaner,
      RepairProgress progress, java.util.function.Consumer<RepairTask> onFinished) {
    this.onFinished = onFinished;
    this.options = options;
    this.orderTimeoutMs = orderTimeoutMs;
    this.store = store;
    this.stripes = stripes;
    this.outbox = outbox;
    this.pacer = pacer;
    this.check = check;
    this.swap = swap;
    this.cleaner = cleaner;
    this.progress = progress;
  }

  /** Tasks this leader runs (after {@link #reload}). */
  Collection<TaskRun> runs() {
    return runs.values();
  }

  /** Forgets in-memory state and takes the tasks from the store (new leadership term). */
  Future<Void> reload() {
    runs.clear();
    pacer.reset();
    return store.all().map(tasks -> {
      tasks.forEach(t -> runs.put(t.groupId(), new TaskRun(t)));
      if (!tasks.isEmpty()) {
        LOG.atInfo().addKeyValue("tasks", tasks.size()).log("resuming repairs");
      }
      return null;
    });
  }

  void add(RepairTask task) {
    runs.put(task.groupId(), new TaskRun(task));
  }

  Future<Void> run(ClusterView view, Fence fence) {
    List<Future<?>> steps = new ArrayList<>();
    for (TaskRun run : new ArrayList<>(runs.values())) {
      if (run.busy) {
        continue;
      }
      run.busy = true;
      steps.add(step(run, view, fence)
          .timeout(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS)
          .recover(e -> {
            LOG.atWarn().addKeyValue("group", run.task.groupId()).setCause(e).log("repair step failed");
            return Future.succeededFuture();
          })
          .compose(v -> saveIfDirty(run, fence))
          .onComplete(ar -> run.busy = false));
    }
    return Future.join(steps).mapEmpty();
  }

  private Future<Void> step(TaskRun run, ClusterView view, Fence fence) {
    ClusterView.Group group = group(view, run.task.groupId());
    LOG.atDebug().addKeyValue("group", run.task.groupId()).addKeyValue("state", run.task.state())
        .addKeyValue("queue", run.queue.size()).addKeyValue("inFlight", run.inFlight.size())
        .addKeyValue("loaded", run.loaded).log("repair step");
    if (group == null) {
      return finish(run, fence, "group gone");
    }
    return switch (run.task.state()) {
      case COPY, VERIFY -> {
        if (!targetUsable(view, run.task)) {
          yield abort(run, view, group, fence, "target disk " + run.task.to() + " is no longer usable");
        }
        yield run.task.state() == RepairTask.State.COPY ? copy(run, view, group, fence) : verify(run, view, group, fence);
      }
      case SWAP -> swap.apply(run.task, view, group, fence).compose(ok -> {
        if (!ok) {
          return abort(run, view, group, fence, "the group changed under the task");
        }
        run.task = run.task.swapped(System.currentTimeMillis());
        run.dirty = true;
        LOG.atInfo().addKeyValue("group", group.id()).addKeyValue("member", run.task.member())
            .addKeyValue("from", run.task.from()).addKeyValue("to", run.task.to()).addKeyValue("kind", run.task.kind())
            .log("group member replaced");
        return Future.succeededFuture();
      });
      case CLEANUP -> cleaner.run(run.task, view, fence, options.cleanupDelayMs())
          .compose(doneCleaning -> doneCleaning ? finish(run, fence, "done") : Future.succeededFuture());
    };
  }

  private Future<Void> copy(TaskRun run, ClusterView view, ClusterView.Group group, Fence fence) {
    if (!run.loaded) {
      return stripes.ofGroup(group.id()).map(list -> {
        run.load(list);
        return null;
      });
    }
    expire(run);
    String copyFrom = run.task.kind() == RepairTask.Kind.REPAIR ? null : run.task.from();
    while (!run.queue.isEmpty() && pacer.hasTokens()) {
      if (!pacer.tryAcquire(run.task.toNode())) {
        break;
      }
      GroupStripes.StripeInfo s = run.queue.poll();
      Order.Builder order = RepairOrders.build(view, group, s, run.task.member(), run.task.to(), copyFrom);
      if (order == null) {
        pacer.release(run.task.toNode());
        if (run.failed(s)) {
          progress.unrepairable();
          LOG.atError().addKeyValue("group", group.id()).addKeyValue("stripe", s.stripeId())
              .log("stripe has fewer than k readable shards: cannot rebuild it now");
        }
        continue;
      }
      long id = outbox.send(run.task.toNode(), fence.epoch(), order, r -> answered(run, s, r));
      run.inFlight.put(s.stripeId(), new TaskRun.Sent(System.currentTimeMillis(), run.task.toNode(), id, s));
    }
    if (run.drained()) {
      run.task = run.task.withState(RepairTask.State.VERIFY);
      run.dirty = true;
    }
    return Future.succeededFuture();
  }

  private void answered(TaskRun run, GroupStripes.StripeInfo s, OrderResult r) {
    TaskRun.Sent sent = run.inFlight.get(s.stripeId());
    if (sent == null || sent.orderId() != r.getOrderId()) {
      return;
    }
    pacer.release(sent.nodeId());
    if (r.getOk()) {
      run.finished(s.stripeId());
      progress.shard(run.task.kind(), r.getAlreadyPresent(), r.getCopied());
    } else {
      LOG.atWarn().addKeyValue("group", run.task.groupId()).addKeyValue("stripe", s.stripeId())
          .addKeyValue("error", r.getError()).log("repair order failed");
      if (run.failed(s)) {
        progress.unrepairable();
      }
    }
  }

  /** Orders unanswered for the order timeout go back in the queue (their node may have restarted). */
  private void expire(TaskRun run) {
    long cutoff = System.currentTimeMillis() - orderTimeoutMs;
    List<Long> late = new ArrayList<>();
    run.inFlight.forEach((stripe, sent) -> {
      if (sent.atMs() < cutoff) {
        late.add(stripe);
      }
    });
    for (Long stripe : late) {
      TaskRun.Sent sent = run.inFlight.remove(stripe);
      pacer.release(sent.nodeId());
      run.queue.addFirst(sent.stripe());
    }
  }

  private Future<Void> verify(TaskRun run, ClusterView view, ClusterView.Group group, Fence fence) {
    if (System.currentTimeMillis() < run.task.startedMs() + options.settleMs()) {
      return Future.succeededFuture();
    }
    return stripes.ofGroup(group.id()).compose(list -> check.missing(view, run.task, list).map(missing -> {
      // A stripe deleted meanwhile (its file was overwritten or removed) was never lost data.
      java.util.Set<Long> listed = new java.util.HashSet<>();
      list.forEach(s -> listed.add(s.stripeId()));
      run.unrepairable.retainAll(listed);
      missing.removeIf(s -> run.unrepairable.contains(s.stripeId()));
      if (!run.loaded) {
        run.load(list);
      }
      if (missing.isEmpty()) {
        run.pending.clear();
        run.redo(List.of(), list.size());
        run.task = run.snapshot().withState(RepairTask.State.SWAP);
      } else {
        LOG.atInfo().addKeyValue("group", group.id()).addKeyValue("missing", missing.size())
            .log("stripes missing on the target: copying them again");
        run.pending.clear();
        run.queue.clear();
        run.redo(missing, list.size());
        run.task = run.task.withState(RepairTask.State.COPY);
      }
      run.dirty = true;
      return null;
    }));
  }

  private Future<Void> abort(TaskRun run, ClusterView view, ClusterView.Group group, Fence fence, String why) {
    LOG.atWarn().addKeyValue("group", group.id()).addKeyValue("to", run.task.to()).addKeyValue("reason", why)
        .log("repair task abandoned; a new one will be planned");
    run.inFlight.values().forEach(s -> pacer.release(s.nodeId()));
    return swap.restoreState(view, group, fence).compose(v -> finish(run, fence, why));
  }

  private Future<Void> finish(TaskRun run, Fence fence, String why) {
    runs.remove(run.task.groupId());
    run.dirty = false;
    progress.taskFinished(run.task.kind());
    onFinished.accept(run.task);
    LOG.atInfo().addKeyValue("group", run.task.groupId()).addKeyValue("kind", run.task.kind())
        .addKeyValue("outcome", why).log("repair task finished");
    return store.remove(run.task.groupId(), fence).mapEmpty();
  }

  private Future<Void> saveIfDirty(TaskRun run, Fence fence) {
    if (!run.dirty || !runs.containsKey(run.task.groupId())) {
      return Future.succeededFuture();
    }
    run.dirty = false;
    RepairTask snap = run.loaded ? run.snapshot() : run.task;
    run.task = snap;
    long now = System.currentTimeMillis();
    if (now - run.loggedMs >= PROGRESS_LOG_MS && snap.state() == RepairTask.State.COPY) {
      run.loggedMs = now;
      LOG.atInfo().addKeyValue("group", snap.groupId()).addKeyValue("kind", snap.kind())
          .addKeyValue("done", snap.done()).addKeyValue("total", snap.total()).log("repair progress");
    }
    return store.save(snap, fence).map(ok -> {
      if (!ok) {
        LOG.atWarn().addKeyValue("group", snap.groupId()).log("repair task owned by a newer leader: dropped here");
        runs.remove(snap.groupId());
      }
      return null;
    });
  }

  static boolean targetUsable(ClusterView view, RepairTask t) {
    ClusterView.Disk d = view.disk(t.to());
    ClusterView.Node n = d == null ? null : view.node(d.nodeId());
    return d != null && n != null && n.state() != NodeState.NODE_DOWN && n.state() != NodeState.NODE_DECOMMISSIONED
        && d.state() != VolumeState.VOLUME_FAILED && d.state() != VolumeState.VOLUME_OFFLINE
        && d.health() != io.kdss.proto.Health.HEALTH_FAILED;
  }

  static ClusterView.Group group(ClusterView view, long id) {
    for (ClusterView.Group g : view.groups()) {
      if (g.id() == id) {
        return g;
      }
    }
    return null;
  }
}
