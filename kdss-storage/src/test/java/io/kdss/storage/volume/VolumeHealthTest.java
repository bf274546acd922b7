package io.kdss.storage.volume;

import static io.kdss.storage.TestDisks.crc;
import static io.kdss.storage.TestDisks.payload;
import static io.kdss.storage.TestDisks.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.proto.Health;
import io.kdss.proto.VolumeState;
import io.kdss.storage.StorageException;
import io.kdss.storage.StorageOptions;
import io.kdss.storage.TestDisks;
import io.kdss.storage.disk.ShardKey;
import io.kdss.storage.disk.SuperBlock;
import io.kdss.storage.health.DiskHealth;
import io.kdss.storage.health.HealthLevel;
import io.kdss.storage.index.LmdbShardIndex;
import io.kdss.storage.index.ShardLocation;
import io.kdss.storage.io.BlockDevices;
import io.kdss.storage.io.FaultyBlockDevice;
import io.kdss.storage.log.DiskLog;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three health layers of a disk, the scrubber, and a FAILED disk turning read-only. */
class VolumeHealthTest {

  @TempDir
  Path dir;

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private Volume open(Path file, SuperBlock sb, int crashAt) throws Exception {
    StorageOptions opts = new StorageOptions().setIndexDir(dir.resolve("index"));
    opts.log().setMaxShardBytes(1 << 20).setMaxBatchBytes(2 << 20);
    DiskHealth health = new DiskHealth(sb.diskId().toString().substring(0, 8), opts.health(), registry);
    var device = BlockDevices.open(file, BlockDevices.Engine.AUTO);
    DiskLog log = DiskLog.open(crashAt > 0 ? new FaultyBlockDevice(device, crashAt) : device,
        LmdbShardIndex.open(dir.resolve("index").resolve(sb.diskId().toString()), 64L << 20), opts.log(), health,
        TestDisks.CPU, TestDisks.BUFFERS);
    return new Volume(file, log, health, opts, registry);
  }

  @Test
  void theScrubberFindsAFlippedByteAndTheDataLayerDegrades() throws Exception {
    Path file = dir.resolve("d.img");
    SuperBlock sb = TestDisks.formatFile(file, 64L << 20, 4L << 20);
    ShardLocation bad;
    try (Volume v = open(file, sb, 0)) {
      for (int i = 0; i < 10; i++) {
        byte[] p = payload(1, i, 0, 30_000);
        v.log().put(new ShardKey(i, 0), segment(p), crc(p)).get();
      }
      bad = v.log().stat(new ShardKey(4, 0));
      assertThat(v.scrubNow()).isZero();
      assertThat(v.health().dataLevel()).isEqualTo(HealthLevel.OK);
      assertThat(v.health().deviceLevel()).isEqualTo(HealthLevel.UNKNOWN);
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long at = sb.layout().deviceOffset(bad.position()) + 64 + 12_345;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 1);
    }
    try (Volume v = open(file, sb, 0)) {
      assertThat(v.scrubNow()).isEqualTo(1);
      assertThat(v.scrubber().corruptShards()).containsExactly(new ShardKey(4, 0));
      assertThat(v.health().dataLevel()).isEqualTo(HealthLevel.DEGRADED);
      assertThat(v.health().combined()).isEqualTo(HealthLevel.DEGRADED);
      assertThat(v.report().getDataHealth()).isEqualTo(Health.HEALTH_DEGRADED);
      assertThat(v.report().getCrcErrors()).isEqualTo(1);
      assertThat(v.scrubber().scrubbedRecords()).isEqualTo(10);
      assertThat(registry.scrape()).contains("kdss_disk_crc_errors_total");
    }
  }

  @Test
  void aDiskWhoseWritesKeepFailingIsFailedAndTurnsReadOnly() throws Exception {
    Path file = dir.resolve("d.img");
    SuperBlock sb = TestDisks.formatFile(file, 64L << 20, 4L << 20);
    try (Volume v = open(file, sb, 1)) {
      for (int i = 0; i < 5; i++) {
        byte[] p = payload(2, i, 0, 5000);
        int n = i;
        assertThatThrownBy(() -> v.log().put(new ShardKey(n, 0), segment(p), crc(p)).join())
            .hasCauseInstanceOf(StorageException.Unavailable.class);
      }
      assertThat(v.health().ioLevel()).isEqualTo(HealthLevel.FAILED);
      v.checkHealth();
      assertThat(v.state()).isEqualTo(VolumeState.VOLUME_READONLY);
      assertThat(v.report().getFreeBytes()).isZero();
      byte[] p = payload(3, 9, 0, 5000);
      assertThatThrownBy(() -> v.log().put(new ShardKey(9, 0), segment(p), crc(p)).join())
          .hasMessageContaining("READONLY");
    }
  }
}
