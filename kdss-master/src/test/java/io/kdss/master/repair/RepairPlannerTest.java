package io.kdss.master.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.master.placement.ClusterView;
import io.kdss.proto.Health;
import io.kdss.proto.NodeState;
import io.kdss.proto.VolumeState;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When a member counts as lost, which groups need a task, in which order. */
class RepairPlannerTest {

  static final long AFTER = 60_000;

  private final ClusterView view = Clusters.random(new Random(3), 8, 2, 2, 4, 2, 6);

  @Test
  void aDownNodeIsLostOnlyAfterRepairAfterMs() {
    ClusterView.Member m = view.groups().getFirst().members().getFirst();
    long now = System.currentTimeMillis();
    ClusterView recent = Clusters.withNode(view, m.nodeId(), NodeState.NODE_DOWN, now - AFTER / 2);
    ClusterView old = Clusters.withNode(view, m.nodeId(), NodeState.NODE_DOWN, now - AFTER - 1);
    ClusterView suspect = Clusters.withNode(view, m.nodeId(), NodeState.NODE_SUSPECT, now - AFTER * 10);
    assertThat(RepairPlanner.lost(recent, m, now, AFTER)).isFalse();
    assertThat(RepairPlanner.lost(suspect, m, now, AFTER)).isFalse();
    assertThat(RepairPlanner.lost(old, m, now, AFTER)).isTrue();
    assertThat(RepairPlanner.needs(recent, Set.of(), now, AFTER)).isEmpty();
    List<RepairPlanner.Need> needs = RepairPlanner.needs(old, Set.of(), now, AFTER);
    assertThat(needs).isNotEmpty().allMatch(n -> n.kind() == RepairTask.Kind.REPAIR
        && n.group().members().get(n.member()).nodeId().equals(m.nodeId()));
  }

  @Test
  void aFailedDiskIsLostAtOnceAndADrainingOneIsMovedByCopy() {
    long now = System.currentTimeMillis();
    ClusterView.Member m = view.groups().getFirst().members().get(1);
    ClusterView failed = Clusters.withDisk(view, m.diskId(), VolumeState.VOLUME_FAILED, Health.HEALTH_FAILED, 0);
    assertThat(RepairPlanner.lost(failed, m, now, AFTER)).isTrue();
    assertThat(RepairPlanner.needs(failed, Set.of(), now, AFTER)).anyMatch(n -> n.kind() == RepairTask.Kind.REPAIR
        && n.group().members().get(n.member()).diskId().equals(m.diskId()));

    ClusterView draining = Clusters.withDisk(view, m.diskId(), VolumeState.VOLUME_DRAINING, Health.HEALTH_OK, 0);
    assertThat(RepairPlanner.lost(draining, m, now, AFTER)).isFalse();
    List<RepairPlanner.Need> needs = RepairPlanner.needs(draining, Set.of(), now, AFTER);
    assertThat(needs).isNotEmpty().allMatch(n -> n.kind() == RepairTask.Kind.DRAIN);
    assertThat(needs.stream().map(n -> n.group().id()).toList())
        .containsExactlyInAnyOrderElementsOf(view.groups().stream()
            .filter(g -> g.members().stream().anyMatch(x -> x.diskId().equals(m.diskId())))
            .map(ClusterView.Group::id).toList());
  }

  @Test
  void busyGroupsAreSkippedRepairsComeBeforeDrainsAndTheMostAtRiskFirst() {
    long now = System.currentTimeMillis();
    ClusterView.Group g1 = view.groups().get(0);
    ClusterView.Group g2 = view.groups().get(1);
    // g2 loses two members, g1 one: g2 is more at risk.
    ClusterView v = Clusters.withDisk(view, g1.members().get(0).diskId(), VolumeState.VOLUME_FAILED, Health.HEALTH_FAILED, 0);
    v = Clusters.withDisk(v, g2.members().get(0).diskId(), VolumeState.VOLUME_FAILED, Health.HEALTH_FAILED, 0);
    v = Clusters.withDisk(v, g2.members().get(1).diskId(), VolumeState.VOLUME_FAILED, Health.HEALTH_FAILED, 0);
    List<RepairPlanner.Need> needs = RepairPlanner.needs(v, Set.of(), now, AFTER);
    int i1 = indexOf(needs, g1.id());
    int i2 = indexOf(needs, g2.id());
    if (i1 >= 0 && i2 >= 0 && needs.get(i1).readable() > needs.get(i2).readable()) {
      assertThat(i2).isLessThan(i1);
    }
    assertThat(RepairPlanner.needs(v, Set.of(g2.id()), now, AFTER)).noneMatch(n -> n.group().id() == g2.id());
  }

  @Test
  void aGroupWithFewerThanKReadableMembersWaits() {
    long now = System.currentTimeMillis();
    ClusterView.Group g = view.groups().getFirst();
    ClusterView v = view;
    for (int i = 0; i < 3; i++) {
      v = Clusters.withDisk(v, g.members().get(i).diskId(), VolumeState.VOLUME_FAILED, Health.HEALTH_FAILED, 0);
    }
    assertThat(RepairPlanner.needs(v, Set.of(), now, AFTER)).noneMatch(n -> n.group().id() == g.id());
    assertThat(RepairPlanner.unrebuildable(v, now, AFTER)).isPositive();
  }

  private static int indexOf(List<RepairPlanner.Need> needs, long group) {
    for (int i = 0; i < needs.size(); i++) {
      if (needs.get(i).group().id() == group) {
        return i;
      }
    }
    return -1;
  }
}
