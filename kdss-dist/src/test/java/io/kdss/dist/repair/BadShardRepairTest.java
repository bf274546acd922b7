package io.kdss.dist.repair;

import static io.kdss.dist.repair.RepairCluster.await;
import static io.kdss.dist.repair.RepairCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.proto.EcGroup;
import io.kdss.proto.GroupMember;
import io.kdss.proto.Stripe;
import io.kdss.shard.ShardInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single bad shards are rebuilt in place, on the disk that should hold them: one flipped
 * byte inside a shard on a disk image (found by the node's scrubber and reported in its
 * heartbeat), and one shard deleted from its disk (found by a reader, reported with
 * ReportBadShard). Group memberships do not change.
 */
class BadShardRepairTest {

  static final int SHARD = 64 << 10;

  @TempDir
  Path dir;

  @Test
  void aCorruptShardFoundByTheScrubberAndAMissingOneFoundByAReaderAreRebuiltInPlace() throws Exception {
    try (RepairCluster c = new RepairCluster(dir, 1, 3, Map.of("intervalMs", 100, "rebalance", Map.of("enabled", false)))) {
      byte[] bytes = new byte[5 * 4 * SHARD];
      new Random(3).nextBytes(bytes);
      long id = c.put("object", bytes);
      List<Stripe> stripes = c.stripes(id);
      Stripe first = stripes.get(0);
      EcGroup group = c.group(first.getGroupId());

      // Flip one byte in the middle of shard 0 of the first stripe, on the disk image itself.
      byte[] shard0 = Arrays.copyOfRange(bytes, 0, SHARD);
      assertThat(corrupt(shard0)).as("shard 0 found on a disk image").isTrue();
      GroupMember m0 = group.getMembers(0);
      eventually(30_000, "the scrubbed corrupt shard rebuilt on its disk", () -> Arrays.equals(shard0,
          await(c.shards.get(m0.getDataAddress(), UUID.fromString(m0.getDiskId()), first.getStripeId(), 0)).getBytes()));

      // A shard deleted from its disk: the next read decodes around it and reports it.
      Stripe second = stripes.get(1);
      EcGroup g2 = c.group(second.getGroupId());
      GroupMember m1 = g2.getMembers(1);
      await(c.shards.delete(m1.getDataAddress(), UUID.fromString(m1.getDiskId()),
          List.of(new ShardInfo(second.getStripeId(), 1, 0, 0))));
      double degraded = c.degradedReads();
      assertThat(c.read(id, bytes.length)).isEqualTo(bytes);
      assertThat(c.degradedReads()).as("the missing shard made one read degraded").isGreaterThan(degraded);
      byte[] shard1 = Arrays.copyOfRange(bytes, (int) second.getOffset() + SHARD, (int) second.getOffset() + 2 * SHARD);
      eventually(30_000, "the reported missing shard rebuilt on its disk", () -> Arrays.equals(shard1,
          await(c.shards.get(m1.getDataAddress(), UUID.fromString(m1.getDiskId()), second.getStripeId(), 1)).getBytes()));

      double after = c.degradedReads();
      assertThat(c.read(id, bytes.length)).isEqualTo(bytes);
      assertThat(c.degradedReads()).as("no degraded read once both are rebuilt").isEqualTo(after);
      assertThat(c.group(first.getGroupId()).getMembersList()).isEqualTo(group.getMembersList());
      assertThat(c.group(second.getGroupId()).getMembersList()).isEqualTo(g2.getMembersList());
    }
  }

  /** Finds the record holding {@code payload} on one of the disk images and flips a byte of it. */
  private boolean corrupt(byte[] payload) throws IOException {
    List<Path> images;
    try (Stream<Path> s = Files.walk(dir)) {
      images = s.filter(p -> p.toString().endsWith(".img")).toList();
    }
    byte[] probe = Arrays.copyOf(payload, 256);
    ByteBuffer block = ByteBuffer.allocate(1 << 20);
    for (Path image : images) {
      try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        long size = Math.min(ch.size(), 96L << 20);
        for (long at = 0; at < size; at += block.capacity()) {
          block.clear();
          ch.read(block, at);
          for (int off = 0; off + probe.length <= block.position(); off += 64) {
            if (Arrays.equals(block.array(), off, off + probe.length, probe, 0, probe.length)) {
              long pos = at + off + 1000;
              ByteBuffer one = ByteBuffer.allocate(1);
              ch.read(one, pos);
              one.put(0, (byte) (one.get(0) ^ 0x5a)).rewind();
              ch.write(one, pos);
              ch.force(true);
              return true;
            }
          }
        }
      }
    }
    return false;
  }
}
