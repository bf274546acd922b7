package io.kdss.master.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.master.placement.EcGroupAllocator.Candidate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Placement invariants over thousands of random clusters (seeded; a failure names its seed):
 * distinct disks always; distinct nodes when there are at least k+m nodes; distinct racks when
 * there are at least k+m racks; otherwise shards spread evenly (no node holds more than
 * ceil(n / nodes)); only the candidates given (usable, above the reserve) are used.
 */
class EcGroupAllocatorPropertyTest {

  @Test
  void failureDomainRulesHoldOnRandomClusters() {
    long base = System.nanoTime();
    for (int round = 0; round < 3000; round++) {
      long seed = base + round;
      Random r = new Random(seed);
      int racks = 1 + r.nextInt(6);
      int nodes = 1 + r.nextInt(14);
      List<Candidate> candidates = new ArrayList<>();
      for (int n = 0; n < nodes; n++) {
        int disks = 1 + r.nextInt(8);
        for (int d = 0; d < disks; d++) {
          candidates.add(new Candidate("n" + n + "d" + d, "n" + n, "r" + (n % racks), (1L + r.nextInt(1000)) << 30, r.nextInt(5)));
        }
      }
      int k = 1 + r.nextInt(10);
      int m = r.nextInt(5);
      int width = k + m;
      if (candidates.size() < width) {
        assertThatThrownBy(() -> EcGroupAllocator.place(candidates, width, r)).as("seed %d", seed)
            .isInstanceOf(NotPlaceableException.class).hasMessageContaining("needs " + width);
        continue;
      }
      List<Candidate> chosen = EcGroupAllocator.place(candidates, width, new Random(seed));
      String ctx = "seed " + seed + " nodes " + nodes + " racks " + racks + " width " + width;
      assertThat(chosen).as(ctx).hasSize(width).doesNotHaveDuplicates();
      assertThat(candidates).as(ctx).containsAll(chosen);
      Map<String, Integer> perNode = count(chosen, true);
      Map<String, Integer> perRack = count(chosen, false);
      long usableNodes = candidates.stream().map(Candidate::nodeId).distinct().count();
      long usableRacks = candidates.stream().map(Candidate::rack).distinct().count();
      if (usableRacks >= width) {
        assertThat(perRack.values()).as(ctx + ": distinct racks").allMatch(c -> c == 1);
      }
      if (usableNodes >= width) {
        assertThat(perNode.values()).as(ctx + ": distinct nodes").allMatch(c -> c == 1);
      } else {
        int fair = (int) Math.ceil((double) width / usableNodes);
        boolean roomy = candidates.stream().collect(java.util.stream.Collectors.groupingBy(Candidate::nodeId,
            java.util.stream.Collectors.counting())).values().stream().allMatch(c -> c >= fair);
        if (roomy) {
          assertThat(perNode.values()).as(ctx + ": even spread").allMatch(c -> c <= fair);
        }
      }
    }
  }

  @Test
  void emptierAndLessLoadedDisksGetMoreGroups() {
    List<Candidate> candidates = new ArrayList<>();
    for (int n = 0; n < 12; n++) {
      long free = n < 6 ? 900L << 30 : 100L << 30;
      candidates.add(new Candidate("d" + n, "n" + n, "r", free, 0));
    }
    Map<String, Integer> picks = new HashMap<>();
    Random r = new Random(42);
    for (int i = 0; i < 2000; i++) {
      EcGroupAllocator.place(candidates, 6, r).forEach(c -> picks.merge(c.diskId(), 1, Integer::sum));
    }
    int empty = 0;
    int full = 0;
    for (int n = 0; n < 12; n++) {
      if (n < 6) {
        empty += picks.getOrDefault("d" + n, 0);
      } else {
        full += picks.getOrDefault("d" + n, 0);
      }
    }
    assertThat(empty).as("disks with 9x the free space take most members").isGreaterThan(full * 3);
  }

  @Test
  void devClusterOfOneNodeUsesDistinctDisks() {
    List<Candidate> six = new ArrayList<>();
    for (int d = 0; d < 6; d++) {
      six.add(new Candidate("disk" + d, "dev-1", "default", 16L << 30, 0));
    }
    List<Candidate> chosen = EcGroupAllocator.place(six, 6, new Random(1));
    Set<String> disks = new HashSet<>();
    chosen.forEach(c -> disks.add(c.diskId()));
    assertThat(disks).hasSize(6);
    assertThatThrownBy(() -> EcGroupAllocator.place(six, 11, new Random(1)))
        .hasMessage("needs 11 usable disks, the cluster has 6");
  }

  private static Map<String, Integer> count(List<Candidate> chosen, boolean byNode) {
    Map<String, Integer> out = new HashMap<>();
    chosen.forEach(c -> out.merge(byNode ? c.nodeId() : c.rack(), 1, Integer::sum));
    return out;
  }
}
