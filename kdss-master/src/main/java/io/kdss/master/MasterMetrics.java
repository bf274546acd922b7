package io.kdss.master;

import io.kdss.master.gc.GarbageCollector;
import io.kdss.master.heartbeat.OrderOutbox;
import io.kdss.master.lease.LeaderLease;
import io.kdss.master.placement.ClusterView;
import io.kdss.master.placement.ClusterViewCache;
import io.kdss.proto.GroupState;
import io.kdss.proto.Health;
import io.kdss.proto.NodeState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The master's gauges, read from its cluster view at scrape time: nodes by state, volumes by
 * health, groups by state, leadership, GC backlog. (Namespace op timers are recorded by the
 * namespace endpoint, {@code kdss.master.namespace.op}.)
 */
final class MasterMetrics {

  private MasterMetrics() {
  }

  static void register(MeterRegistry r, ClusterViewCache views, LeaderLease lease, GarbageCollector gc, OrderOutbox outbox) {
    for (NodeState s : new NodeState[] {NodeState.NODE_UP, NodeState.NODE_SUSPECT, NodeState.NODE_DOWN,
        NodeState.NODE_DECOMMISSIONED}) {
      Gauge.builder("kdss.master.nodes", views, v -> v.view().nodes().values().stream().filter(n -> n.state() == s).count())
          .tag("state", s.name().substring("NODE_".length())).register(r);
    }
    for (Health h : new Health[] {Health.HEALTH_OK, Health.HEALTH_DEGRADED, Health.HEALTH_FAILING, Health.HEALTH_FAILED,
        Health.HEALTH_UNKNOWN}) {
      Gauge.builder("kdss.master.volumes", views, v -> v.view().disks().values().stream().filter(d -> d.health() == h).count())
          .tag("health", h.name().substring("HEALTH_".length())).register(r);
    }
    for (GroupState s : new GroupState[] {GroupState.GROUP_OPEN, GroupState.GROUP_SEALED, GroupState.GROUP_DEGRADED,
        GroupState.GROUP_REPAIRING}) {
      Gauge.builder("kdss.master.groups", views, v -> count(v.view(), s))
          .tag("state", s.name().substring("GROUP_".length())).register(r);
    }
    Gauge.builder("kdss.master.leader", lease, l -> l.isLeader() ? 1 : 0).register(r);
    Gauge.builder("kdss.master.leader.epoch", lease, LeaderLease::lastEpochSeen).register(r);
    Gauge.builder("kdss.master.gc.pending", gc, GarbageCollector::pending).register(r);
    Gauge.builder("kdss.master.orders.waiting", outbox, OrderOutbox::waitingCount).register(r);
  }

  private static long count(ClusterView view, GroupState s) {
    return view.groups().stream().filter(g -> g.state() == s).count();
  }
}
