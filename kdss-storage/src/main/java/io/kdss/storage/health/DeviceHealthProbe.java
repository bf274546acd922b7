package io.kdss.storage.health;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The device layer: SMART through {@code smartctl -H -A -j} for block devices that have it.
 * Files and loop devices have no SMART: their device layer is UNKNOWN, said so in the detail.
 */
public final class DeviceHealthProbe {

  private static final long TIMEOUT_S = 20;

  private DeviceHealthProbe() {
  }

  /** The level and a one-line reason. */
  public record Result(HealthLevel level, String detail) {
  }

  public static Result probe(Path device) {
    Path real;
    try {
      real = device.toRealPath();
    } catch (IOException e) {
      return new Result(HealthLevel.FAILED, "device missing: " + e.getMessage());
    }
    String name = real.getFileName().toString();
    if (!real.startsWith("/dev/")) {
      return new Result(HealthLevel.UNKNOWN, "a file: no SMART");
    }
    if (name.startsWith("loop") || name.startsWith("ram") || name.startsWith("zram")) {
      return new Result(HealthLevel.UNKNOWN, name + " has no SMART");
    }
    try {
      Process p = new ProcessBuilder(List.of("smartctl", "-H", "-A", "-j", real.toString()))
          .redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(HealthLevel.UNKNOWN, "smartctl timed out");
      }
      return interpret(new JsonObject(new String(out, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      return new Result(HealthLevel.UNKNOWN, "smartctl not available: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(HealthLevel.UNKNOWN, "interrupted");
    } catch (RuntimeException e) {
      return new Result(HealthLevel.UNKNOWN, "smartctl output unreadable: " + e.getMessage());
    }
  }

  /** Reads smartctl's JSON: overall verdict, then reallocated and pending sectors. */
  static Result interpret(JsonObject json) {
    JsonObject status = json.getJsonObject("smart_status");
    if (status == null) {
      return new Result(HealthLevel.UNKNOWN, "device reports no SMART status");
    }
    if (!status.getBoolean("passed", true)) {
      return new Result(HealthLevel.FAILING, "SMART overall-health self-assessment failed");
    }
    long reallocated = 0;
    long pending = 0;
    JsonObject ata = json.getJsonObject("ata_smart_attributes");
    if (ata != null && ata.getJsonArray("table") != null) {
      for (Object o : ata.getJsonArray("table")) {
        JsonObject a = (JsonObject) o;
        long raw = a.getJsonObject("raw", new JsonObject()).getLong("value", 0L);
        switch (a.getInteger("id", 0)) {
          case 5 -> reallocated = raw;
          case 197 -> pending = raw;
          default -> {
          }
        }
      }
    }
    if (pending > 0 || reallocated > 100) {
      return new Result(HealthLevel.DEGRADED, "reallocated " + reallocated + ", pending " + pending + " sectors");
    }
    return new Result(HealthLevel.OK, "SMART passed");
  }

  /** True if {@code p} names a block device (for logs). */
  public static boolean isDevice(Path p) {
    return p.toString().startsWith("/dev/") && Files.exists(p);
  }
}
