package io.kdss.master.repair;

import io.kdss.master.MasterOptions;
import io.kdss.master.heartbeat.OrderOutbox;
import io.kdss.master.lease.Fence;
import io.kdss.master.placement.ClusterView;
import io.kdss.master.placement.EcGroupAllocator.Candidate;
import io.kdss.master.placement.SchemePolicy;
import io.kdss.meta.MetaStore;
import io.kdss.proto.GroupState;
import io.kdss.proto.RepairStatus;
import io.kdss.shard.ShardClient;
import io.kdss.shard.ShardClientOptions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's repair singleton and every master's view of it. Each tick (leader only, fenced
 * by the epoch): a new term reloads the durable tasks; bad shards are rebuilt in place;
 * running tasks advance ({@link GroupMover}); groups with a lost or draining member get a task
 * with a replacement disk ({@link RepairPlanner}, {@link TargetChooser}); and, when nothing is
 * being repaired, uneven disks give memberships away ({@link Rebalancer}). Every master serves
 * the status (backlog, rate, estimated time to full redundancy) from the last tick or, when
 * not leading, from the {@code repairs} documents.
 */
public final class RepairService {

  private static final Logger LOG = LoggerFactory.getLogger(RepairService.class);

  private final RepairOptions options;
  private final SchemePolicy policy;
  private final RepairTaskStore store;
  private final ShardClient shards;
  private final MemberSwap swap;
  private final OldShardCleaner cleaner;
  private final BadShardRepairer badShards;
  private final GroupMover mover;
  private final RepairProgress progress;
  private long epoch = -1;
  private long lastRebalanceMs = System.currentTimeMillis();
  private volatile RepairStatus status = RepairStatus.newBuilder().setEtaMs(-1).build();
  private volatile int tasksRunning;
  /** Disks a task moved data on, and when it ended: their usage is stale until reported again. */
  private final Map<String, Long> touchedMs = new HashMap<>();
  /** Groups whose task ended after the view was loaded: the view still shows their old member. */
  private final Map<Long, Long> finishedMs = new HashMap<>();

  public RepairService(Vertx vertx, MetaStore meta, MasterOptions master, SchemePolicy policy, OrderOutbox outbox,
      MeterRegistry metrics) {
    this.options = master.repair();
    this.policy = policy;
    this.store = new RepairTaskStore(meta);
    this.shards = ShardClient.create(vertx, new ShardClientOptions());
    this.progress = new RepairProgress(metrics);
    GroupStripes stripes = new GroupStripes(meta.client());
    OrderPacer pacer = new OrderPacer(options);
    this.swap = new MemberSwap(meta.client());
    this.cleaner = new OldShardCleaner(stripes, outbox, master.orderTimeoutMs());
    this.badShards = new BadShardRepairer(meta.client(), stripes, outbox, pacer, progress, master.orderTimeoutMs(),
        options.badShardBatch());
    this.mover = new GroupMover(options, master.orderTimeoutMs(), store, stripes, outbox, pacer,
        new TargetCheck(shards), swap, cleaner, progress, task -> {
          long now = System.currentTimeMillis();
          touchedMs.put(task.from(), now);
          touchedMs.put(task.to(), now);
          finishedMs.put(task.groupId(), now);
        });
    Gauge.builder("kdss.master.repair.tasks", this, s -> s.tasksRunning).register(metrics);
    Gauge.builder("kdss.master.repair.backlog.shards", this, s -> s.status.getBacklogShards()).register(metrics);
    Gauge.builder("kdss.master.repair.rate", this, s -> s.status.getShardsPerSec())
        .description("Shards rebuilt or moved per second (last minute)").register(metrics);
    Gauge.builder("kdss.master.repair.eta.seconds", this, s -> s.status.getEtaMs() / 1000.0)
        .description("Estimated time to full redundancy, -0.001 when unknown").register(metrics);
    Gauge.builder("kdss.master.repair.bad.shards", this, s -> s.status.getBadShardsWaiting()).register(metrics);
  }

  public Future<Void> init(MetaStore meta) {
    return meta.ensureIndexes(GroupStripes.INDEXES);
  }

  /** The last status this master computed (leader) or read (others). */
  public RepairStatus status() {
    return status;
  }

  /** Leadership lost: in-memory repair state is dropped (the next leader resumes from the documents). */
  public void deposed() {
    epoch = -1;
    cleaner.reset();
    badShards.reset();
  }

  /** One leader tick. */
  public Future<Void> run(ClusterView view, Fence fence) {
    if (!options.enabled() || view.loadedMs() == 0) {
      return Future.succeededFuture();
    }
    Future<Void> start = Future.succeededFuture();
    if (fence.epoch() != epoch) {
      epoch = fence.epoch();
      cleaner.reset();
      badShards.reset();
      start = mover.reload().compose(v -> remark(fence));
    }
    return start
        .compose(v -> badShards.run(view, fence, movingMembers()))
        .compose(v -> mover.run(view, fence))
        .compose(v -> plan(view, fence))
        .compose(v -> rebalance(view, fence))
        .transform(ar -> {
          try {
            publish(view);
          } catch (RuntimeException e) {
            LOG.atWarn().setCause(e).log("repair status not published");
          }
          return ar.succeeded() ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(ar.cause());
        });
  }

  /** Makes sure every task's group is REPAIRING (a leader may have died between the two writes). */
  private Future<Void> remark(Fence fence) {
    return Future.join(mover.runs().stream().map(r -> swap.markRepairing(r.task.groupId(), fence)).toList()).mapEmpty();
  }

  private Map<Long, Integer> movingMembers() {
    Map<Long, Integer> out = new HashMap<>();
    mover.runs().forEach(r -> out.put(r.task.groupId(), r.task.member()));
    return out;
  }

  /** Groups no new task may start on with this view: those moving, and those it is too old to show as moved. */
  private Set<Long> busy(ClusterView view) {
    finishedMs.values().removeIf(at -> at < view.loadedMs());
    Set<Long> out = new HashSet<>(movingMembers().keySet());
    out.addAll(finishedMs.keySet());
    return out;
  }

  private Future<Void> plan(ClusterView view, Fence fence) {
    long now = System.currentTimeMillis();
    Set<Long> busy = busy(view);
    List<Future<Void>> fixes = view.groups().stream()
        .filter(g -> g.state() == GroupState.GROUP_REPAIRING && !busy.contains(g.id()))
        .map(g -> swap.restoreState(view, g, fence)).toList();
    int slots = options.maxTasks() - mover.runs().size();
    if (slots <= 0) {
      return Future.join(fixes).mapEmpty();
    }
    List<RepairPlanner.Need> needs = RepairPlanner.needs(view, busy, now, options.repairAfterMs());
    List<Candidate> candidates = policy.candidates(view);
    Map<String, Integer> incoming = incoming();
    Future<Void> chain = Future.join(fixes).mapEmpty();
    for (RepairPlanner.Need need : needs) {
      if (slots-- <= 0) {
        break;
      }
      ClusterView.Group g = need.group();
      Candidate target = TargetChooser.choose(view, g, need.member(), candidates, incoming,
          g.bytes() / Math.max(1, g.k()), c -> true, false);
      if (target == null) {
        LOG.atDebug().addKeyValue("group", g.id()).log("no replacement disk for a lost member yet");
        continue;
      }
      incoming.merge(target.diskId(), 1, Integer::sum);
      RepairTask task = new RepairTask(g.id(), need.kind(), RepairTask.State.COPY, need.member(),
          g.members().get(need.member()).diskId(), target.diskId(), target.nodeId(), 0, 0, -1, List.of(), now, 0,
          fence.epoch());
      chain = chain.compose(v -> start(task, fence));
    }
    return chain;
  }

  private Future<Void> rebalance(ClusterView view, Fence fence) {
    long now = System.currentTimeMillis();
    if (!options.rebalanceEnabled() || now - lastRebalanceMs < options.rebalanceIntervalMs()) {
      return Future.succeededFuture();
    }
    lastRebalanceMs = now;
    boolean repairing = mover.runs().stream().anyMatch(r -> r.task.kind() != RepairTask.Kind.REBALANCE)
        || !RepairPlanner.needs(view, Set.of(), now, options.repairAfterMs()).isEmpty();
    long moving = mover.runs().stream().filter(r -> r.task.kind() == RepairTask.Kind.REBALANCE).count();
    int slots = (int) Math.min(options.rebalanceMaxMoves() - moving, options.maxTasks() - mover.runs().size());
    if (repairing || slots <= 0) {
      return Future.succeededFuture();
    }
    Set<String> involved = new HashSet<>();
    mover.runs().forEach(r -> {
      involved.add(r.task.from());
      involved.add(r.task.to());
    });
    List<Rebalancer.Move> moves = Rebalancer.plan(view, policy.candidates(view), busy(view),
        options.rebalanceSkewBasisPoints() / 10_000.0, slots, disk -> !involved.contains(disk)
            && view.disk(disk).reportedMs() > touchedMs.getOrDefault(disk, 0L));
    Future<Void> chain = Future.succeededFuture();
    for (Rebalancer.Move m : moves) {
      RepairTask task = new RepairTask(m.group().id(), RepairTask.Kind.REBALANCE, RepairTask.State.COPY, m.member(),
          m.group().members().get(m.member()).diskId(), m.target().diskId(), m.target().nodeId(), 0, 0, -1, List.of(),
          now, 0, fence.epoch());
      chain = chain.compose(v -> start(task, fence));
    }
    return chain;
  }

  private Future<Void> start(RepairTask task, Fence fence) {
    return store.create(task).compose(created -> {
      if (!created) {
        return Future.succeededFuture();
      }
      LOG.atInfo().addKeyValue("group", task.groupId()).addKeyValue("kind", task.kind())
          .addKeyValue("member", task.member()).addKeyValue("from", task.from()).addKeyValue("to", task.to())
          .log("repair task started");
      mover.add(task);
      touchedMs.put(task.from(), Long.MAX_VALUE);
      touchedMs.put(task.to(), Long.MAX_VALUE);
      return swap.markRepairing(task.groupId(), fence).mapEmpty();
    });
  }

  private Map<String, Integer> incoming() {
    Map<String, Integer> out = new HashMap<>();
    mover.runs().forEach(r -> out.merge(r.task.to(), 1, Integer::sum));
    return out;
  }

  private void publish(ClusterView view) {
    double rate = progress.rate();
    RepairStatus.Builder b = RepairStatus.newBuilder().setShardsPerSec(rate)
        .setBadShardsWaiting(badShards.waiting());
    long backlog = badShards.waiting();
    for (TaskRun r : mover.runs()) {
      RepairTask t = r.loaded ? r.snapshot() : r.task;
      b.addTasks(t.toProto());
      backlog += t.state() == RepairTask.State.COPY && !r.loaded ? Math.max(1, t.remaining()) : t.remaining();
    }
    long now = System.currentTimeMillis();
    long waiting = RepairPlanner.needs(view, movingMembers().keySet(), now, options.repairAfterMs()).size()
        + RepairPlanner.unrebuildable(view, now, options.repairAfterMs());
    b.setBacklogShards(backlog).setGroupsWaiting(waiting)
        .setEtaMs(backlog == 0 ? 0 : rate > 0 ? (long) (backlog * 1000 / rate) : -1);
    tasksRunning = mover.runs().size();
    status = b.build();
  }

  /** Non-leaders: the status from the durable tasks (no rate: the leader has it). */
  public Future<Void> refreshFromStore() {
    return store.all().map(tasks -> {
      RepairStatus.Builder b = RepairStatus.newBuilder().setEtaMs(-1);
      long backlog = 0;
      for (RepairTask t : tasks) {
        b.addTasks(t.toProto());
        backlog += t.remaining();
      }
      status = b.setBacklogShards(backlog).build();
      tasksRunning = tasks.size();
      return null;
    });
  }

  public Future<Void> close() {
    return shards.close();
  }
}
