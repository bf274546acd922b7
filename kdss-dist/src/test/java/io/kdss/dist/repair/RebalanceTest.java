package io.kdss.dist.repair;

import static io.kdss.dist.repair.RepairCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.proto.ClusterStatus;
import io.kdss.proto.EcGroup;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uneven disks: data written while two storage nodes existed, then a third, empty one joins.
 * The rebalancer moves group memberships from the full disks to the empty ones, never more
 * than {@code maxMoves} at once, and every object still reads back without decoding.
 */
class RebalanceTest {

  static final int MAX_MOVES = 2;

  @TempDir
  Path dir;

  @Test
  void membershipsMoveToEmptyDisksBoundedAndDataStaysIntact() throws Exception {
    try (RepairCluster c = new RepairCluster(dir, 1, 2, Map.of("intervalMs", 100, "settleMs", 300,
        "cleanupDelayMs", 200, "shardsPerSec", 5000,
        "rebalance", Map.of("intervalMs", 300, "skewBasisPoints", 50, "maxMoves", MAX_MOVES)))) {
      Map<Long, byte[]> objects = new LinkedHashMap<>();
      Random random = new Random(5);
      for (int i = 0; i < 8; i++) {
        byte[] b = new byte[1_500_000];
        random.nextBytes(b);
        objects.put(c.put("r" + i, b), b);
      }
      c.addStorageNode();
      eventually(30_000, "the new node's disks registered", () -> c.disksOf(2).size() == RepairCluster.DISKS_PER_NODE);
      Set<String> fresh = new HashSet<>(c.disksOf(2));

      AtomicInteger maxConcurrent = new AtomicInteger();
      eventually(90_000, "memberships moved to the new disks and rebalancing settled", () -> {
        ClusterStatus s = c.status();
        long moving = s.getRepair().getTasksList().stream().filter(t -> t.getKind().equals("REBALANCE")).count();
        maxConcurrent.accumulateAndGet((int) moving, Math::max);
        long onFresh = s.getGroupsList().stream().filter(g -> g.getBytes() > 0)
            .filter(g -> g.getMembersList().stream().anyMatch(m -> fresh.contains(m.getDiskId()))).count();
        return onFresh >= 2 && moving == 0;
      });
      assertThat(maxConcurrent.get()).as("moves in flight at once").isBetween(0, MAX_MOVES);

      double degraded = c.degradedReads();
      for (Map.Entry<Long, byte[]> o : objects.entrySet()) {
        assertThat(c.read(o.getKey(), o.getValue().length)).isEqualTo(o.getValue());
      }
      assertThat(c.degradedReads()).isEqualTo(degraded);
      for (EcGroup g : c.status().getGroupsList()) {
        assertThat(g.getMembersList().stream().map(m -> m.getDiskId()).distinct().count())
            .as("members stay on distinct disks").isEqualTo(g.getMembersCount());
      }
    }
  }
}
