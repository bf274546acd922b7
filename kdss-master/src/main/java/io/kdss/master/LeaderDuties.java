package io.kdss.master;

import io.kdss.master.gc.GarbageCollector;
import io.kdss.master.heartbeat.LivenessMonitor;
import io.kdss.master.heartbeat.OrderOutbox;
import io.kdss.master.lease.Fence;
import io.kdss.master.lease.LeaderLease;
import io.kdss.master.placement.ClusterViewCache;
import io.kdss.master.placement.GroupMaintainer;
import io.kdss.master.repair.RepairService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The singletons, run only while this master holds the lease: node liveness, group states
 * and pre-allocation on a short tick; garbage collection and the namespace sweep on theirs;
 * repair, drain and rebalancing ({@link RepairService}) on the repair interval.
 * A tick never overlaps the previous one, and each starts by checking the lease again.
 */
final class LeaderDuties {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderDuties.class);
  /** A repair pass is given up after this long (its steps have their own bound), so the next one can start. */
  private static final long REPAIR_PASS_TIMEOUT_MS = 120_000;

  private final Vertx vertx;
  private final MasterOptions options;
  private final LeaderLease lease;
  private final ClusterViewCache views;
  private final LivenessMonitor liveness;
  private final GroupMaintainer groups;
  private final GarbageCollector gc;
  private final java.util.function.Supplier<Future<Void>> sweep;
  private final OrderOutbox outbox;
  private final RepairService repair;
  private long tickTimer = -1;
  private long repairTimer = -1;
  private boolean repairing;
  private long statusReadMs;
  private long gcTimer = -1;
  private boolean ticking;
  private boolean collecting;
  private long lastSweepMs;

  LeaderDuties(Vertx vertx, MasterOptions options, LeaderLease lease, ClusterViewCache views, LivenessMonitor liveness,
      GroupMaintainer groups, GarbageCollector gc, java.util.function.Supplier<Future<Void>> sweep,
      OrderOutbox outbox, RepairService repair) {
    this.repair = repair;
    this.vertx = vertx;
    this.options = options;
    this.lease = lease;
    this.views = views;
    this.liveness = liveness;
    this.groups = groups;
    this.gc = gc;
    this.sweep = sweep;
    this.outbox = outbox;
  }

  void start() {
    lease.onDeposed(() -> {
      outbox.clear();
      repair.deposed();
    });
    long tickMs = Math.max(20, Math.min(options.heartbeatIntervalMs() / 2, options.viewRefreshMs()));
    tickTimer = vertx.setPeriodic(tickMs, id -> tick());
    gcTimer = vertx.setPeriodic(options.gcIntervalMs(), id -> collect());
    repairTimer = vertx.setPeriodic(options.repair().intervalMs(), id -> repair());
  }

  void stop() {
    vertx.cancelTimer(tickTimer);
    vertx.cancelTimer(gcTimer);
    vertx.cancelTimer(repairTimer);
  }

  /** Repair, drain and rebalancing on the leader; other masters refresh the repair status they serve. */
  private void repair() {
    if (repairing) {
      return;
    }
    long now = System.currentTimeMillis();
    Future<Void> pass;
    if (lease.isLeader()) {
      pass = repair.run(views.view(), lease.fence());
    } else if (now - statusReadMs >= 2_000) {
      statusReadMs = now;
      pass = repair.refreshFromStore();
    } else {
      return;
    }
    repairing = true;
    pass.timeout(REPAIR_PASS_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS).onComplete(ar -> {
      repairing = false;
      if (ar.failed()) {
        LOG.atWarn().setCause(ar.cause()).log("repair pass failed");
      }
    });
  }

  private void tick() {
    if (ticking || !lease.isLeader()) {
      return;
    }
    ticking = true;
    Fence fence = lease.fence();
    views.refresh()
        .compose(view -> liveness.run(view, fence)
            .compose(changed -> changed > 0 ? views.refresh() : Future.succeededFuture(view)))
        .compose(view -> lease.isLeader() ? groups.run(view, fence) : Future.succeededFuture())
        .onComplete(ar -> {
          ticking = false;
          if (ar.failed()) {
            LOG.atWarn().setCause(ar.cause()).log("leader tick failed");
          }
        });
  }

  private void collect() {
    if (collecting || !lease.isLeader()) {
      return;
    }
    collecting = true;
    Fence fence = lease.fence();
    Future<Void> pass = Future.succeededFuture();
    long now = System.currentTimeMillis();
    if (now - lastSweepMs >= Math.min(60_000, options.uploadTimeoutMs() / 4)) {
      lastSweepMs = now;
      pass = sweep.get();
    }
    pass.compose(v -> gc.run(views.view(), fence)).onComplete(ar -> {
      collecting = false;
      if (ar.failed()) {
        LOG.atWarn().setCause(ar.cause()).log("garbage collection pass failed");
      }
    });
  }
}
