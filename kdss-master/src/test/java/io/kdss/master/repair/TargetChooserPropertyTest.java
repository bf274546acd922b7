package io.kdss.master.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.master.placement.ClusterView;
import io.kdss.master.placement.EcGroupAllocator.Candidate;
import io.kdss.master.placement.SchemePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Replacement choice on thousands of random clusters (seeded; a failure names its seed): the
 * target is a usable disk outside the group with room for the member's share, and no other
 * candidate would put the member in a less crowded failure domain; with {@code notWorse} the
 * spread never gets worse than the current member's.
 */
class TargetChooserPropertyTest {

  @Test
  void replacementsFollowThePlacementRules() {
    long base = System.nanoTime();
    for (int round = 0; round < 2000; round++) {
      long seed = base + round;
      Random r = new Random(seed);
      int k = 1 + r.nextInt(6);
      int m = r.nextInt(4);
      ClusterView view = Clusters.random(r, 1 + r.nextInt(12), 1 + r.nextInt(8), 1 + r.nextInt(5), k, m, 3);
      if (view.groups().isEmpty()) {
        continue;
      }
      ClusterView.Group g = view.groups().get(r.nextInt(view.groups().size()));
      int member = r.nextInt(g.width());
      List<Candidate> candidates = new SchemePolicy(Clusters.GIB).candidates(view);
      long need = g.bytes() / g.k();
      boolean notWorse = r.nextBoolean();
      Candidate c = TargetChooser.choose(view, g, member, candidates, Map.of(), need, x -> true, notWorse);
      String ctx = "seed " + seed;
      List<ClusterView.Member> others = new ArrayList<>(g.members());
      ClusterView.Member current = others.remove(member);
      Map<String, String> racks = new java.util.HashMap<>();
      view.nodes().values().forEach(n -> racks.put(n.id(), n.rack()));
      boolean rackFirst = candidates.stream().map(Candidate::rack).distinct().count() >= g.width();
      List<Candidate> eligible = candidates.stream()
          .filter(x -> g.members().stream().noneMatch(mb -> mb.diskId().equals(x.diskId())) && x.free() >= need).toList();
      long currentKey = TargetChooser.domainKey(current.nodeId(), racks.get(current.nodeId()), others, racks, rackFirst);
      if (notWorse) {
        eligible = eligible.stream().filter(x -> TargetChooser.domainKey(x.nodeId(), x.rack(), others, racks, rackFirst)
            <= currentKey).toList();
      }
      if (eligible.isEmpty()) {
        assertThat(c).as(ctx).isNull();
        continue;
      }
      assertThat(c).as(ctx).isNotNull();
      assertThat(eligible).as(ctx).contains(c);
      long key = TargetChooser.domainKey(c.nodeId(), c.rack(), others, racks, rackFirst);
      assertThat(eligible).as(ctx + ": no better domain left unused")
          .allMatch(x -> TargetChooser.domainKey(x.nodeId(), x.rack(), others, racks, rackFirst) >= key);
      if (notWorse) {
        assertThat(key).as(ctx).isLessThanOrEqualTo(currentKey);
      }
    }
  }

  @Test
  void aLostNodesMemberGoesToANodeOutsideTheGroupWhenOneExists() {
    Random r = new Random(1);
    ClusterView view = Clusters.random(r, 8, 1, 2, 4, 2, 1);
    ClusterView.Group g = view.groups().getFirst();
    assertThat(g.members().stream().map(ClusterView.Member::nodeId).distinct().count()).isEqualTo(6);
    ClusterView down = Clusters.withNode(view, g.members().get(2).nodeId(), io.kdss.proto.NodeState.NODE_DOWN, 0);
    Candidate c = TargetChooser.choose(down, g, 2, new SchemePolicy(Clusters.GIB).candidates(down), Map.of(), 0,
        x -> true, false);
    assertThat(g.members()).noneMatch(mb -> mb.nodeId().equals(c.nodeId()));
  }
}
