package io.kdss.master.placement;

import io.kdss.master.MasterOptions;
import io.kdss.master.lease.Fence;
import io.kdss.master.placement.EcGroupAllocator.Candidate;
import io.kdss.proto.GroupState;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's group duties, run on each tick with a fresh view: DEGRADED when a member's
 * node is DOWN or its disk failed (and back when it returns), SEALED when full (the size
 * limit, a member below the free-space reserve or no longer writable), rebalancing (an OPEN
 * group on a disk much fuller than the cluster average is sealed so new data flows to
 * emptier disks; a group placed while nodes were missing, on fewer nodes than the cluster now
 * offers, is sealed too), and pre-allocation of OPEN groups for every scheme in use. Every state
 * change is fenced by the leader's epoch.
 */
public final class GroupMaintainer {

  private static final Logger LOG = LoggerFactory.getLogger(GroupMaintainer.class);
  /** An OPEN group on a disk this much fuller (fraction of capacity) than the average is sealed. */
  static final double REBALANCE_SKEW = 0.20;

  private final MasterOptions options;
  private final SchemePolicy policy;
  private final GroupStore groups;
  private final GroupPool pool;
  private final Random random = new Random();

  public GroupMaintainer(MasterOptions options, SchemePolicy policy, GroupStore groups, GroupPool pool) {
    this.options = options;
    this.policy = policy;
    this.groups = groups;
    this.pool = pool;
  }

  public Future<Void> run(ClusterView view, Fence fence) {
    List<Future<?>> changes = new ArrayList<>();
    double avgUse = averageUtilization(view);
    for (ClusterView.Group g : view.groups()) {
      GroupState next = nextState(view, g, avgUse);
      if (next != g.state()) {
        boolean seal = next == GroupState.GROUP_SEALED;
        LOG.atInfo().addKeyValue("group", g.id()).addKeyValue("from", g.state()).addKeyValue("to", next).log("group state");
        changes.add(groups.setState(g.id(), next, seal, fence));
      }
    }
    Future<Void> states = Future.all(changes).mapEmpty();
    return states.compose(v -> preallocate(view));
  }

  GroupState nextState(ClusterView view, ClusterView.Group g, double avgUse) {
    boolean available = g.members().stream().allMatch(view::memberAvailable);
    GroupState s = g.state();
    if (!available) {
      return s == GroupState.GROUP_OPEN || s == GroupState.GROUP_SEALED ? GroupState.GROUP_DEGRADED : s;
    }
    if (s == GroupState.GROUP_DEGRADED) {
      return g.sealed() ? GroupState.GROUP_SEALED : GroupState.GROUP_OPEN;
    }
    if (s == GroupState.GROUP_OPEN) {
      boolean full = g.bytes() >= options.groupMaxBytes()
          || g.members().stream().anyMatch(mb -> !view.usableForNewData(mb.diskId(), policy.reserveBytes()));
      boolean skewed = g.members().stream().anyMatch(mb -> utilization(view.disk(mb.diskId())) > avgUse + REBALANCE_SKEW);
      if (full || skewed || underSpread(view, g)) {
        return GroupState.GROUP_SEALED;
      }
    }
    return s;
  }

  /**
   * True when the group sits on fewer nodes than the cluster now offers (it was placed while
   * nodes were missing): sealing it lets new data go to a group with the full spread.
   */
  boolean underSpread(ClusterView view, ClusterView.Group g) {
    long usableNodes = policy.candidates(view).stream().map(EcGroupAllocator.Candidate::nodeId).distinct().count();
    long groupNodes = g.members().stream().map(ClusterView.Member::nodeId).distinct().count();
    return groupNodes < Math.min(g.width(), usableNodes);
  }

  private Future<Void> preallocate(ClusterView view) {
    Set<Long> schemes = new LinkedHashSet<>();
    schemes.add(GroupPool.schemeKey(options.ecK(), options.ecM()));
    schemes.addAll(pool.requestedSchemes());
    for (ClusterView.Group g : view.groups()) {
      if (g.state() == GroupState.GROUP_OPEN) {
        schemes.add(GroupPool.schemeKey(g.k(), g.m()));
      }
    }
    List<Candidate> candidates = new ArrayList<>(policy.candidates(view));
    double avgUse = averageUtilization(view);
    List<Candidate> balanced = new ArrayList<>(candidates);
    balanced.removeIf(c -> utilization(view.disk(c.diskId())) > avgUse + REBALANCE_SKEW);
    if (balanced.size() >= options.ecK() + options.ecM()) {
      candidates = balanced;
    }
    List<Candidate> pickFrom = candidates;
    Future<Void> chain = Future.succeededFuture();
    for (long key : schemes) {
      int k = GroupPool.schemeOf(key).getK();
      int m = GroupPool.schemeOf(key).getM();
      long healthy = view.openGroups(k, m).stream()
          .filter(g -> g.members().stream().allMatch(mb -> view.usableForNewData(mb.diskId(), policy.reserveBytes())))
          .filter(g -> nextState(view, g, avgUse) == GroupState.GROUP_OPEN)
          .count();
      for (long i = healthy; i < options.openGroups() && pickFrom.size() >= k + m; i++) {
        List<Candidate> members = EcGroupAllocator.place(pickFrom, k + m, random);
        bumpLoad(pickFrom, members);
        chain = chain.compose(v -> groups.create(k, m, members).onSuccess(g ->
            LOG.atInfo().addKeyValue("group", g.id()).addKeyValue("scheme", k + "+" + m).log("group pre-allocated"))
            .mapEmpty());
      }
    }
    return chain;
  }

  private static void bumpLoad(List<Candidate> candidates, List<Candidate> picked) {
    for (Candidate p : picked) {
      int i = candidates.indexOf(p);
      candidates.set(i, new Candidate(p.diskId(), p.nodeId(), p.rack(), p.free(), p.load() + 1));
    }
  }

  static double utilization(ClusterView.Disk d) {
    return d == null || d.capacity() <= 0 ? 0 : (double) (d.capacity() - d.free()) / d.capacity();
  }

  static double averageUtilization(ClusterView view) {
    return view.disks().values().stream().mapToDouble(GroupMaintainer::utilization).average().orElse(0);
  }
}
