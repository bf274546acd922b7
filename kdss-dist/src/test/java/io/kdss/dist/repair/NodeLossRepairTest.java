package io.kdss.dist.repair;

import static io.kdss.dist.repair.RepairCluster.await;
import static io.kdss.dist.repair.RepairCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.proto.ClusterStatus;
import io.kdss.proto.EcGroup;
import io.kdss.proto.GroupMember;
import io.kdss.proto.GroupState;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A storage node dies for good: once it has been DOWN for repairAfterMs, every group that had
 * members on it gets them rebuilt on other disks (4+2 groups over three nodes of three disks
 * lose two members each), and all data reads back without a single degraded read.
 */
class NodeLossRepairTest {

  @TempDir
  Path dir;

  @Test
  void groupsOfALostNodeAreRebuiltOnOtherDisksAndReadsAreNotDegraded() throws Exception {
    try (RepairCluster c = new RepairCluster(dir, 1, 3, Map.of("repairAfterMs", 500, "intervalMs", 100,
        "settleMs", 300, "cleanupDelayMs", 200, "shardsPerSec", 5000, "rebalance", Map.of("enabled", false)))) {
      Map<Long, byte[]> objects = new LinkedHashMap<>();
      Random random = new Random(7);
      for (int i = 0; i < 6; i++) {
        byte[] b = new byte[300_000 + random.nextInt(400_000)];
        random.nextBytes(b);
        objects.put(c.put("o" + i, b), b);
      }
      Set<String> lost = new HashSet<>(c.disksOf(2));
      Set<Long> affected = new HashSet<>();
      for (long id : objects.keySet()) {
        c.stripes(id).forEach(s -> affected.add(s.getGroupId()));
      }
      assertThat(affected).isNotEmpty();

      await(c.storage.get(2).stop());
      eventually(90_000, "groups rebuilt off the lost node", () -> {
        ClusterStatus s = c.status();
        return s.getRepair().getTasksCount() == 0 && s.getRepairingGroups() == 0 && s.getDegradedGroups() == 0
            && affected.stream().allMatch(g -> s.getGroupsList().stream().anyMatch(x -> x.getGroupId() == g
                && x.getMembersList().stream().noneMatch(m -> lost.contains(m.getDiskId()))));
      });

      double degradedBefore = c.degradedReads();
      for (Map.Entry<Long, byte[]> o : objects.entrySet()) {
        assertThat(c.read(o.getKey(), o.getValue().length)).isEqualTo(o.getValue());
      }
      assertThat(c.degradedReads()).as("reads after repair decode nothing").isEqualTo(degradedBefore);
      for (long g : affected) {
        EcGroup group = c.group(g);
        assertThat(group.getState()).isIn(GroupState.GROUP_SEALED, GroupState.GROUP_OPEN);
        List<String> members = group.getMembersList().stream().map(GroupMember::getDiskId).toList();
        assertThat(members).doesNotContainAnyElementsOf(lost).doesNotHaveDuplicates();
      }
      assertThat(c.clientMetrics.counter("kdss.client.reads.rerouted").count()).isPositive();
    }
  }
}
