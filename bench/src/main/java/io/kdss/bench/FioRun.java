package io.kdss.bench;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One fio job ({@code --ioengine=io_uring --direct=1}) on a device, read back from fio's JSON:
 * bandwidth, IOPS and the CPU seconds fio itself spent per GiB moved (its usr + sys).
 */
final class FioRun {

  private FioRun() {
  }

  static Throughput run(String dev, String rw, String bs, int depth, int seconds, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("fio", "--name=bench", "--filename=" + dev, "--ioengine=io_uring",
        "--direct=1", "--rw=" + rw, "--bs=" + bs, "--iodepth=" + depth, "--numjobs=1", "--size=70%", "--time_based",
        "--runtime=" + seconds, "--ramp_time=1", "--group_reporting", "--output-format=json"));
    cmd.addAll(List.of(extra));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + ")");
    }
    JsonObject job = new JsonObject(out.substring(out.indexOf('{'))).getJsonArray("jobs").getJsonObject(0);
    JsonObject io = job.getJsonObject(rw.contains("read") ? "read" : "write");
    double runtimeSec = io.getLong("runtime") / 1000.0;
    double gib = io.getLong("io_bytes") / (double) (1L << 30);
    // usr_cpu and sys_cpu are percentages of the job's run time.
    double cpu = (job.getDouble("usr_cpu") + job.getDouble("sys_cpu")) / 100.0 * runtimeSec;
    return new Throughput(io.getDouble("bw") / 1024.0, io.getDouble("iops"), gib > 0 ? cpu / gib : Double.NaN);
  }
}
