package io.kdss.bench;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the disks the node will use take without KDSS: fio on files in the same directory
 * (same filesystem), with the engine and flags the storage node uses (io_uring, O_DIRECT):
 * 1 MiB sequential writes (fdatasync at the end) and reads over six files, and 4 KiB writes
 * each followed by fdatasync (what a durable small write costs). Null when fio is missing.
 */
final class FioBaseline {

  record Figures(double writeMbps, double readMbps, double syncWriteIops) {
  }

  private FioBaseline() {
  }

  static Figures measure(Path dir, String sizePerJob) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/fio"))) {
      return null;
    }
    Path work = Files.createDirectories(dir.resolve("fio"));
    List<String> common = List.of("--directory=" + work, "--ioengine=io_uring", "--direct=1", "--numjobs=6",
        "--group_reporting", "--output-format=json");
    JsonObject w = fio(common, "--name=seqwrite", "--rw=write", "--bs=1M", "--size=" + sizePerJob, "--end_fsync=1");
    JsonObject r = fio(common, "--name=seqwrite", "--rw=read", "--bs=1M", "--size=" + sizePerJob);
    JsonObject s = fio(common, "--name=syncwrite", "--rw=write", "--bs=4k", "--size=64M", "--fdatasync=1",
        "--runtime=5", "--time_based");
    try (var files = Files.list(work)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(work);
    return new Figures(job(w, "write").getLong("bw_bytes") / 1e6, job(r, "read").getLong("bw_bytes") / 1e6,
        job(s, "write").getDouble("iops"));
  }

  private static JsonObject job(JsonObject out, String dir) {
    return out.getJsonArray("jobs").getJsonObject(0).getJsonObject(dir);
  }

  private static JsonObject fio(List<String> common, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add("/usr/bin/fio");
    cmd.addAll(common);
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("fio failed: " + String.join(" ", cmd));
    }
    return new JsonObject(out.substring(out.indexOf('{')));
  }
}
