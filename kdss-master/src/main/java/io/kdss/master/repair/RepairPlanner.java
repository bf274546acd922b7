package io.kdss.master.repair;

import io.kdss.master.placement.ClusterView;
import io.kdss.proto.GroupState;
import io.kdss.proto.Health;
import io.kdss.proto.NodeState;
import io.kdss.proto.VolumeState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Which groups need a member moved, most urgent first (pure, unit-tested):
 * <ul>
 *   <li>REPAIR: a member is lost: its disk failed, went offline or vanished, or its node has
 *       been DOWN for {@code repairAfterMs} (or was decommissioned). Groups with the fewest
 *       readable members come first. A group with fewer than k readable members cannot be
 *       rebuilt and waits for a member to return.</li>
 *   <li>DRAIN: a member's disk is DRAINING (it stays readable: its shards are copied).</li>
 * </ul>
 * Groups that already have a task are skipped; one member per group moves at a time.
 */
public final class RepairPlanner {

  /** A member to move: why, and how many of the group's members are readable now. */
  public record Need(ClusterView.Group group, int member, RepairTask.Kind kind, int readable) {
  }

  private RepairPlanner() {
  }

  public static boolean lost(ClusterView view, ClusterView.Member m, long now, long repairAfterMs) {
    ClusterView.Disk d = view.disk(m.diskId());
    if (d == null || d.state() == VolumeState.VOLUME_FAILED || d.state() == VolumeState.VOLUME_OFFLINE
        || d.health() == Health.HEALTH_FAILED) {
      return true;
    }
    ClusterView.Node n = view.node(d.nodeId());
    if (n == null || n.state() == NodeState.NODE_DECOMMISSIONED) {
      return true;
    }
    return n.state() == NodeState.NODE_DOWN && now - n.lastHeartbeatMs() >= repairAfterMs;
  }

  public static List<Need> needs(ClusterView view, Set<Long> busy, long now, long repairAfterMs) {
    List<Need> out = new ArrayList<>();
    for (ClusterView.Group g : view.groups()) {
      if (busy.contains(g.id()) || g.state() == GroupState.GROUP_STATE_UNKNOWN) {
        continue;
      }
      int readable = (int) g.members().stream().filter(view::memberAvailable).count();
      Need need = null;
      for (int i = 0; i < g.members().size() && need == null; i++) {
        if (lost(view, g.members().get(i), now, repairAfterMs)) {
          need = readable >= g.k() ? new Need(g, i, RepairTask.Kind.REPAIR, readable) : null;
        }
      }
      for (int i = 0; i < g.members().size() && need == null; i++) {
        ClusterView.Disk d = view.disk(g.members().get(i).diskId());
        if (d != null && d.state() == VolumeState.VOLUME_DRAINING && view.memberAvailable(g.members().get(i))) {
          need = new Need(g, i, RepairTask.Kind.DRAIN, readable);
        }
      }
      if (need != null) {
        out.add(need);
      }
    }
    out.sort(Comparator.comparingInt((Need n) -> n.kind().ordinal()).thenComparingInt(Need::readable)
        .thenComparingLong(n -> n.group().id()));
    return out;
  }

  /** Groups with a lost member that cannot be rebuilt now (fewer than k readable members). */
  public static long unrebuildable(ClusterView view, long now, long repairAfterMs) {
    return view.groups().stream().filter(g -> g.members().stream().anyMatch(m -> lost(view, m, now, repairAfterMs))
        && g.members().stream().filter(view::memberAvailable).count() < g.k()).count();
  }
}
