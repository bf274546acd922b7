package io.kdss.dist.repair;

import static io.kdss.dist.repair.RepairCluster.await;
import static io.kdss.dist.repair.RepairCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.proto.ClusterStatus;
import io.kdss.proto.RepairTask;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader master dies in the middle of a repair (slowed to a few shards per second): the
 * other master takes the lease, picks the durable tasks up from their cursors under its own
 * epoch, and finishes them; all data reads back without decoding.
 */
class RepairFailoverTest {

  @TempDir
  Path dir;

  @Test
  void aNewLeaderResumesTheRepairsOfTheOldOne() throws Exception {
    try (RepairCluster c = new RepairCluster(dir, 2, 3, Map.of("repairAfterMs", 300, "intervalMs", 100,
        "settleMs", 200, "cleanupDelayMs", 100, "shardsPerSec", 4, "rebalance", Map.of("enabled", false)))) {
      Map<Long, byte[]> objects = new LinkedHashMap<>();
      Random random = new Random(13);
      for (int i = 0; i < 6; i++) {
        byte[] b = new byte[600_000 + random.nextInt(300_000)];
        random.nextBytes(b);
        objects.put(c.put("f" + i, b), b);
      }
      ClusterStatus first = c.status();
      long epoch = first.getEpoch();
      int leader = first.getLeaderId().equals("master-0") ? 0 : 1;

      await(c.storage.get(2).stop());
      Set<Long> inProgress = new HashSet<>();
      eventually(30_000, "repairs under way", () -> {
        ClusterStatus s = c.status();
        s.getRepair().getTasksList().stream().filter(t -> t.getStripesDone() > 0 && t.getStripesDone() < t.getStripesTotal())
            .forEach(t -> inProgress.add(t.getGroupId()));
        return !inProgress.isEmpty();
      });
      c.killMaster(leader);

      AtomicBoolean resumed = new AtomicBoolean();
      Set<String> lost = new HashSet<>();
      c.status().getVolumesList().stream().filter(v -> v.getNodeId().equals("storage-2")).forEach(v -> lost.add(v.getDiskId()));
      eventually(120_000, "repairs finished by the new leader", () -> {
        ClusterStatus s = c.status();
        for (RepairTask t : s.getRepair().getTasksList()) {
          if (inProgress.contains(t.getGroupId()) && t.getEpoch() > epoch) {
            resumed.set(true);
          }
        }
        return s.getEpoch() > epoch && s.getRepair().getTasksCount() == 0 && s.getRepairingGroups() == 0
            && s.getDegradedGroups() == 0 && s.getGroupsList().stream()
                .allMatch(g -> g.getMembersList().stream().noneMatch(m -> lost.contains(m.getDiskId())));
      });
      assertThat(resumed).as("a task of the old leader continued under the new epoch").isTrue();

      double degraded = c.degradedReads();
      for (Map.Entry<Long, byte[]> o : objects.entrySet()) {
        assertThat(c.read(o.getKey(), o.getValue().length)).isEqualTo(o.getValue());
      }
      assertThat(c.degradedReads()).isEqualTo(degraded);
    }
  }
}
