package io.kdss.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.storage.LoopDevice;
import io.kdss.storage.TestDisks;
import io.kdss.testing.Privileged;
import io.kdss.storage.disk.ShardKey;
import io.kdss.storage.disk.SuperBlock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery after {@code kill -9} of a storage process during continuous writes, 20 rounds on
 * the same disk: every acknowledged shard reads back intact after each crash, and a shard
 * never acknowledged is either absent or exactly what was being written (never torn bytes).
 */
class KillNineRecoveryTest {

  private static final int ROUNDS = 20;

  @TempDir
  Path dir;

  @Test
  void everyAcknowledgedShardSurvivesKillNineOnAFile() throws Exception {
    Path disk = dir.resolve("disk.img");
    killNineRounds(disk, TestDisks.formatFile(disk, 1L << 30, 16L << 20));
  }

  @Test
  void everyAcknowledgedShardSurvivesKillNineOnABlockDevice() throws Exception {
    Privileged.assume();
    try (LoopDevice loop = LoopDevice.attach(dir.resolve("backing.img"), 1L << 30, true)) {
      killNineRounds(loop.path(), TestDisks.format(loop.path(), 16L << 20));
    }
  }

  private void killNineRounds(Path disk, SuperBlock sb) throws Exception {
    long seed = Long.getLong("kdss.test.seed", System.nanoTime());
    Random random = new Random(seed);
    Path index = dir.resolve("index");
    Map<Long, Long> acked = new HashMap<>();
    for (int round = 1; round <= ROUNDS; round++) {
      int killAfter = 5 + random.nextInt(80);
      long lastAttempt = runAndKill(disk, index, round, killAfter, acked);
      try (DiskLog log = TestDisks.open(disk, index, sb, TestDisks.smallOptions())) {
        for (Map.Entry<Long, Long> e : acked.entrySet()) {
          long stripe = e.getKey();
          long r = e.getValue();
          ShardData d = log.get(new ShardKey(stripe, 0)).get();
          assertThat(d).as("seed %d round %d: acknowledged shard %d lost", seed, round, stripe).isNotNull();
          assertThat(d.payload()).as("seed %d: shard %d", seed, stripe)
              .isEqualTo(TestDisks.payload(r, stripe, 0, CrashWriterMain.size(r, stripe)));
        }
        for (long s = round * 1_000_000L; s <= lastAttempt + 32; s++) {
          if (!acked.containsKey(s)) {
            ShardData d = log.get(new ShardKey(s, 0)).get();
            if (d != null) {
              assertThat(d.payload()).as("seed %d: unacknowledged shard %d came back different", seed, s)
                  .isEqualTo(TestDisks.payload(round, s, 0, CrashWriterMain.size(round, s)));
            }
          }
        }
      }
    }
  }

  /** Starts the writer JVM, reads acks until {@code killAfter} of them, kills it with SIGKILL. */
  private long runAndKill(Path disk, Path index, int round, int killAfter, Map<Long, Long> acked) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "--add-opens", "java.base/java.nio=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
        CrashWriterMain.class.getName(), disk.toString(), index.toString(), String.valueOf(round)));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    long last = round * 1_000_000L;
    int count = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          long stripe = Long.parseLong(line.substring(4));
          acked.put(stripe, (long) round);
          last = Math.max(last, stripe);
          if (++count >= killAfter) {
            p.destroyForcibly();
            break;
          }
        }
      }
    } finally {
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(count).as("writer of round %d acknowledged nothing (crashed?)", round).isEqualTo(killAfter);
    return last;
  }
}
