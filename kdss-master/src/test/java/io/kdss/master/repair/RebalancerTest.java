package io.kdss.master.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.master.placement.ClusterView;
import io.kdss.master.placement.SchemePolicy;
import io.kdss.proto.Health;
import io.kdss.proto.VolumeState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rebalancing plans on random clusters: bounded, from full disks to empty ones, never ping-pong. */
class RebalancerTest {

  @Test
  void movesAreBoundedGoFromAboveTheMeanToBelowItAndImproveBalance() {
    long base = System.nanoTime();
    for (int round = 0; round < 500; round++) {
      long seed = base + round;
      Random r = new Random(seed);
      ClusterView view = Clusters.random(r, 6 + r.nextInt(6), 3, 1 + r.nextInt(3), 4, 2, 20);
      int max = 1 + r.nextInt(4);
      double skew = 0.05;
      List<Rebalancer.Move> moves = Rebalancer.plan(view, new SchemePolicy(Clusters.GIB).candidates(view), Set.of(),
          skew, max, d -> true);
      String ctx = "seed " + seed;
      assertThat(moves.size()).as(ctx).isLessThanOrEqualTo(max);
      double mean = view.disks().values().stream().mapToDouble(d -> (double) d.used() / d.capacity()).average().orElse(0);
      Map<String, Double> util = new HashMap<>();
      view.disks().values().forEach(d -> util.put(d.id(), (double) d.used() / d.capacity()));
      assertThat(moves.stream().map(mv -> mv.group().id()).distinct().count()).as(ctx).isEqualTo(moves.size());
      for (Rebalancer.Move mv : moves) {
        String giver = mv.group().members().get(mv.member()).diskId();
        assertThat(util.get(giver)).as(ctx).isGreaterThan(mean + skew);
        assertThat(util.get(mv.target().diskId())).as(ctx).isLessThan(mean);
        assertThat(mv.group().members()).as(ctx).noneMatch(m -> m.diskId().equals(mv.target().diskId()));
        double share = (double) (mv.group().bytes() / mv.group().k()) / (100 * Clusters.GIB);
        assertThat(util.get(mv.target().diskId()) + share).as(ctx + ": taker stays below giver")
            .isLessThan(util.get(giver) - share + 1e-9);
      }
    }
  }

  @Test
  void aBalancedClusterAndUnsettledDisksMoveNothing() {
    ClusterView view = Clusters.random(new Random(9), 8, 2, 2, 4, 2, 10);
    for (ClusterView.Disk d : view.disks().values()) {
      view = Clusters.withDisk(view, d.id(), VolumeState.VOLUME_ACTIVE, Health.HEALTH_OK, 10 * Clusters.GIB);
    }
    assertThat(Rebalancer.plan(view, new SchemePolicy(Clusters.GIB).candidates(view), Set.of(), 0.05, 4, d -> true))
        .isEmpty();
    ClusterView skewed = Clusters.withDisk(view, view.groups().getFirst().members().getFirst().diskId(),
        VolumeState.VOLUME_ACTIVE, Health.HEALTH_OK, 90 * Clusters.GIB);
    assertThat(Rebalancer.plan(skewed, new SchemePolicy(Clusters.GIB).candidates(skewed), Set.of(), 0.05, 4, d -> true))
        .isNotEmpty();
    assertThat(Rebalancer.plan(skewed, new SchemePolicy(Clusters.GIB).candidates(skewed), Set.of(), 0.05, 4, d -> false))
        .isEmpty();
  }
}
