package io.kdss.dist.repair;

import static io.kdss.dist.repair.RepairCluster.await;
import static io.kdss.dist.repair.RepairCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.admin.AdminClient;
import io.kdss.proto.ClusterStatus;
import io.kdss.proto.DiskDrain;
import io.kdss.proto.DiskRef;
import io.kdss.proto.RepairAdminServiceGrpcClient;
import io.kdss.proto.VolumeState;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kdss admin disk drain}: the disk gets no new groups, its memberships are copied to
 * other disks and swapped, its old shards deleted; it ends empty, and every object reads back
 * intact without decoding.
 */
class DrainTest {

  @TempDir
  Path dir;

  @Test
  void aDrainedDiskEndsEmptyAndAllDataIsIntact() throws Exception {
    try (RepairCluster c = new RepairCluster(dir, 1, 3, Map.of("intervalMs", 100, "settleMs", 300,
        "cleanupDelayMs", 200, "shardsPerSec", 5000, "rebalance", Map.of("enabled", false)))) {
      Map<Long, byte[]> objects = new LinkedHashMap<>();
      Random random = new Random(11);
      for (int i = 0; i < 5; i++) {
        byte[] b = new byte[200_000 + random.nextInt(500_000)];
        random.nextBytes(b);
        objects.put(c.put("d" + i, b), b);
      }
      ClusterStatus[] seen = new ClusterStatus[1];
      eventually(10_000, "the groups' byte counts written (the masters batch them every 200 ms)", () -> {
        seen[0] = c.status();
        return seen[0].getGroupsList().stream().anyMatch(g -> g.getBytes() > 0);
      });
      ClusterStatus before = seen[0];
      String disk = before.getGroupsList().stream().filter(g -> g.getBytes() > 0).findFirst().orElseThrow()
          .getMembers(0).getDiskId();
      String address = before.getGroupsList().stream().flatMap(g -> g.getMembersList().stream())
          .filter(m -> m.getDiskId().equals(disk)).findFirst().orElseThrow().getDataAddress();
      assertThat(await(c.shards.list(address, UUID.fromString(disk), 0, Long.MAX_VALUE, 10_000))).isNotEmpty();

      AdminClient admin = c.admin();
      assertThatThrownBy(() -> await(admin.call(RepairAdminServiceGrpcClient.DrainDisk,
          DiskRef.newBuilder().setDiskId("no-such-disk").build()))).hasMessageContaining("no disk 'no-such-disk'");
      DiskDrain started = await(admin.call(RepairAdminServiceGrpcClient.DrainDisk, DiskRef.newBuilder().setDiskId(disk).build()));
      assertThat(started.getDraining()).isTrue();
      assertThat(started.getGroupsLeft()).isPositive();

      eventually(60_000, "the disk drained and its old shards deleted", () -> {
        DiskDrain d = await(admin.call(RepairAdminServiceGrpcClient.GetDiskDrain, DiskRef.newBuilder().setDiskId(disk).build()));
        return d.getGroupsLeft() == 0 && c.status().getRepair().getTasksCount() == 0
            && await(c.shards.list(address, UUID.fromString(disk), 0, Long.MAX_VALUE, 10_000)).isEmpty();
      });
      ClusterStatus after = c.status();
      assertThat(after.getVolumesList().stream().filter(v -> v.getDiskId().equals(disk)).findFirst().orElseThrow()
          .getState()).isEqualTo(VolumeState.VOLUME_DRAINING);
      assertThat(after.getGroupsList()).allSatisfy(g -> assertThat(g.getMembersList())
          .noneMatch(m -> m.getDiskId().equals(disk)));

      String cli = cli("--master", c.addresses().getFirst(), "--credentials",
          dir.resolve("master-0").resolve("credentials").toString(), "disk", "status", disk);
      assertThat(cli).contains("disk " + disk + ": draining, 0 group(s) left").contains("it can be removed");
      assertThat(cli("--master", c.addresses().getFirst(), "--credentials",
          dir.resolve("master-0").resolve("credentials").toString(), "repair", "status")).startsWith("backlog 0 shard(s)");

      double degraded = c.degradedReads();
      for (Map.Entry<Long, byte[]> o : objects.entrySet()) {
        assertThat(c.read(o.getKey(), o.getValue().length)).isEqualTo(o.getValue());
      }
      assertThat(c.degradedReads()).isEqualTo(degraded);
      // New writes keep working and avoid the drained disk.
      byte[] fresh = new byte[300_000];
      random.nextBytes(fresh);
      long id = c.put("fresh", fresh);
      assertThat(c.read(id, fresh.length)).isEqualTo(fresh);
      for (var s : c.stripes(id)) {
        assertThat(c.group(s.getGroupId()).getMembersList()).noneMatch(m -> m.getDiskId().equals(disk));
      }
    }
  }

  /** Runs {@code kdss admin ...} and returns what it printed. */
  private static String cli(String... args) {
    java.io.PrintStream out = System.out;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      int code = new picocli.CommandLine(new io.kdss.master.cli.AdminCommand()).execute(args);
      assertThat(code).as(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).isZero();
    } finally {
      System.setOut(out);
    }
    return captured.toString(java.nio.charset.StandardCharsets.UTF_8);
  }
}
