package io.kdss.storage.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device layer's reading of smartctl's JSON (shapes as smartctl 7 prints them). */
class DeviceHealthProbeTest {

  @TempDir
  Path dir;

  private static JsonObject smart(boolean passed, long reallocated, long pending) {
    return new JsonObject()
        .put("smart_status", new JsonObject().put("passed", passed))
        .put("ata_smart_attributes", new JsonObject().put("table", new io.vertx.core.json.JsonArray()
            .add(new JsonObject().put("id", 5).put("raw", new JsonObject().put("value", reallocated)))
            .add(new JsonObject().put("id", 197).put("raw", new JsonObject().put("value", pending)))));
  }

  @Test
  void readsTheVerdictAndTheSectorCounters() {
    assertThat(DeviceHealthProbe.interpret(smart(true, 0, 0)).level()).isEqualTo(HealthLevel.OK);
    assertThat(DeviceHealthProbe.interpret(smart(true, 3, 2)).level()).isEqualTo(HealthLevel.DEGRADED);
    assertThat(DeviceHealthProbe.interpret(smart(true, 500, 0)).level()).isEqualTo(HealthLevel.DEGRADED);
    assertThat(DeviceHealthProbe.interpret(smart(false, 0, 0)).level()).isEqualTo(HealthLevel.FAILING);
    assertThat(DeviceHealthProbe.interpret(new JsonObject()).level()).isEqualTo(HealthLevel.UNKNOWN);
  }

  @Test
  void filesHaveNoSmart() throws Exception {
    Path f = dir.resolve("disk.img");
    java.nio.file.Files.createFile(f);
    DeviceHealthProbe.Result r = DeviceHealthProbe.probe(f);
    assertThat(r.level()).isEqualTo(HealthLevel.UNKNOWN);
    assertThat(r.detail()).contains("no SMART");
    assertThat(DeviceHealthProbe.probe(dir.resolve("gone")).level()).isEqualTo(HealthLevel.FAILED);
  }

  @Test
  void combiningTakesTheWorstKnownLayer() {
    assertThat(HealthLevel.UNKNOWN.worst(HealthLevel.OK)).isEqualTo(HealthLevel.OK);
    assertThat(HealthLevel.OK.worst(HealthLevel.UNKNOWN)).isEqualTo(HealthLevel.OK);
    assertThat(HealthLevel.DEGRADED.worst(HealthLevel.FAILING)).isEqualTo(HealthLevel.FAILING);
    assertThat(HealthLevel.FAILED.worst(HealthLevel.OK)).isEqualTo(HealthLevel.FAILED);
  }
}
