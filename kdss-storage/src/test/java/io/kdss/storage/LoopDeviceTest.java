package io.kdss.storage;

import static io.kdss.storage.TestDisks.crc;
import static io.kdss.storage.TestDisks.payload;
import static io.kdss.storage.TestDisks.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.cli.KdssCli;
import io.kdss.storage.disk.ShardKey;
import io.kdss.storage.disk.SuperBlock;
import io.kdss.storage.format.DiskFormatter;
import io.kdss.storage.health.DataScrubber;
import io.kdss.storage.health.DeviceHealthProbe;
import io.kdss.storage.health.HealthLevel;
import io.kdss.storage.index.ShardLocation;
import io.kdss.storage.log.DiskLog;
import io.kdss.storage.log.ShardData;
import io.kdss.testing.Privileged;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on a real block device (a loop device attached here and detached after, even on failure). */
class LoopDeviceTest {

  @TempDir
  Path dir;

  private LoopDevice loop;

  @BeforeEach
  void attach() throws Exception {
    Privileged.assume();
    loop = LoopDevice.attach(dir.resolve("backing.img"), 256L << 20, true);
  }

  @AfterEach
  void detach() throws Exception {
    if (loop != null) {
      loop.close();
    }
  }

  @Test
  void formatWriteReopenAndDetectCorruptionOnABlockDevice() throws Exception {
    Path dev = loop.path();
    assertThat(KdssCli.run("format", "--cluster-id", TestDisks.CLUSTER.toString(), "--segment-size", "16MiB", dev.toString()))
        .isZero();
    SuperBlock sb = DiskFormatter.inspect(dev).kdss();
    assertThat(sb.deviceBytes()).isEqualTo(256L << 20);
    Map<ShardKey, byte[]> model = new HashMap<>();
    ShardLocation victim;
    try (DiskLog log = TestDisks.open(dev, dir.resolve("index"), sb, TestDisks.smallOptions())) {
      assertThat(log.device().engine()).isEqualTo("io_uring");
      assertThat(log.device().direct()).isTrue();
      for (int i = 0; i < 50; i++) {
        byte[] p = payload(11, i, 3, 1 + i * 15_000);
        log.put(new ShardKey(i, 3), segment(p), crc(p)).get();
        model.put(new ShardKey(i, 3), p);
      }
      victim = log.stat(new ShardKey(20, 3));
    }
    try (DiskLog log = TestDisks.open(dev, dir.resolve("index"), sb, TestDisks.smallOptions())) {
      for (Map.Entry<ShardKey, byte[]> e : model.entrySet()) {
        assertThat(log.get(e.getKey()).get().payload()).isEqualTo(e.getValue());
      }
    }
    DeviceHealthProbe.Result device = DeviceHealthProbe.probe(dev);
    assertThat(device.level()).isEqualTo(HealthLevel.UNKNOWN);
    assertThat(device.detail()).contains("no SMART");

    writeOnDevice(dev, sb.layout().deviceOffset(victim.position()) + 64 + 1000, (byte) 0x77);
    try (DiskLog log = TestDisks.open(dev, dir.resolve("index"), sb, TestDisks.smallOptions())) {
      assertThatThrownBy(() -> log.get(new ShardKey(20, 3)).get()).isInstanceOf(ExecutionException.class)
          .hasMessageContaining("CRC");
      DataScrubber scrubber = new DataScrubber(log, 1L << 30);
      assertThat(scrubber.pass()).isEqualTo(1);
      assertThat(scrubber.corruptShards()).containsExactly(new ShardKey(20, 3));
      ShardData other = log.get(new ShardKey(21, 3)).get();
      assertThat(other.payload()).isEqualTo(model.get(new ShardKey(21, 3)));
    }
  }

  @Test
  void aTornPrimarySuperBlockOnTheDeviceFallsBackToTheBackup() throws Exception {
    Path dev = loop.path();
    SuperBlock sb = TestDisks.format(dev, 16L << 20);
    byte[] p = payload(12, 1, 0, 40_000);
    try (DiskLog log = TestDisks.open(dev, dir.resolve("index"), sb, TestDisks.smallOptions())) {
      log.put(new ShardKey(1, 0), segment(p), crc(p)).get();
    }
    writeOnDevice(dev, 700, (byte) 0x13);
    try (DiskLog log = TestDisks.open(dev, dir.resolve("index"), sb, TestDisks.smallOptions())) {
      assertThat(log.superBlock().diskId()).isEqualTo(sb.diskId());
      assertThat(log.get(new ShardKey(1, 0)).get().payload()).isEqualTo(p);
    }
  }

  @Test
  void formatRefusesADeviceWithAFilesystem() throws Exception {
    Path dev = loop.path();
    LoopDevice.run(List.of("mkfs.ext4", "-q", "-F", dev.toString()));
    assertThatThrownBy(() -> DiskFormatter.format(dev, new DiskFormatter.Request(TestDisks.CLUSTER, "n", 16L << 20, false),
        s -> { })).hasMessageContaining("ext2/ext3/ext4 filesystem").hasMessageContaining("--force");
  }

  /** Changes one byte on the device and flushes it past the block device's page cache. */
  private static void writeOnDevice(Path dev, long at, byte value) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(dev.toFile(), "rw")) {
      f.seek(at);
      f.write(value);
      f.getFD().sync();
    }
  }
}
