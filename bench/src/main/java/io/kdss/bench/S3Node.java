package io.kdss.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A `kdss dev`-shaped node (master, storage with file-backed disks at EC 4+2, S3 gateway,
 * embedded metadata) run as a child JVM of the benchmark on free ports, so the load generator
 * does not share its heap, and the node's CPU time can be read on its own.
 */
final class S3Node implements AutoCloseable {

  final Path dir;
  final int s3Port;
  /** The master's gRPC port, for a client-library load beside the S3 one. */
  final int masterPort;
  private final Process process;

  private S3Node(Path dir, int s3Port, int masterPort, Process process) {
    this.dir = dir;
    this.s3Port = s3Port;
    this.masterPort = masterPort;
    this.process = process;
  }

  static S3Node start(Path dir, int disks, String diskSize, String jvmOptions) throws Exception {
    int s3Port = freePort();
    int masterPort = freePort();
    StringBuilder yaml = new StringBuilder()
        .append("node: {id: bench-1, host: 127.0.0.1, dataDir: '").append(dir).append("'}\n")
        .append("roles: [master, storage, s3]\n")
        .append("mongo: {uri: embedded, embeddedPort: ").append(freePort()).append("}\n")
        .append("master: {port: ").append(masterPort).append(", ec: {k: 4, m: 2}}\n")
        .append("storage:\n  port: ").append(freePort()).append("\n  dataPort: ").append(freePort())
        .append("\n  segmentSize: 64MiB\n  autoFormat: true\n  disks:\n");
    for (int i = 0; i < disks; i++) {
      yaml.append("    - {path: disks/disk-").append(i).append(".img, size: ").append(diskSize).append("}\n");
    }
    yaml.append("s3: {port: ").append(s3Port).append("}\n");
    Path config = dir.resolve("node.yaml");
    Files.writeString(config, yaml);
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!a.startsWith("-Xmx") && !a.startsWith("-agentlib")) {
        cmd.add(a);
      }
    }
    for (String o : jvmOptions.split(" ")) {
      if (!o.isBlank()) {
        cmd.add(o);
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.kdss.cli.KdssCli");
    cmd.add("start");
    cmd.add("--config");
    cmd.add(config.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile()).start();
    S3Node node = new S3Node(dir, s3Port, masterPort, p);
    node.awaitUp();
    return node;
  }

  String endpoint() {
    return "http://127.0.0.1:" + s3Port;
  }

  /** CPU seconds the node has used so far (every thread of the child JVM). */
  double cpuSeconds() {
    return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
  }

  /**
   * CPU clock ticks (USER_HZ, 100 per second on Linux) of the node's JIT compiler threads by
   * thread id, from {@code /proc/PID/task}: compilation still running during a phase is billed
   * to it by {@link #cpuSeconds()}, this tells how much. Empty where /proc is missing.
   */
  Map<String, Long> compilerTicks() {
    Map<String, Long> out = new HashMap<>();
    Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
    try (Stream<Path> list = Files.list(tasks)) {
      for (Path t : list.toList()) {
        try {
          String stat = Files.readString(t.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            out.put(t.getFileName().toString(), Long.parseLong(f[11]) + Long.parseLong(f[12]));
          }
        } catch (IOException | RuntimeException e) {
          // the thread exited meanwhile
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /** JIT compiler CPU seconds since {@code before}; threads that exited meanwhile are left out (a lower bound). */
  double compilerSecondsSince(Map<String, Long> before) {
    long ticks = 0;
    for (Map.Entry<String, Long> e : compilerTicks().entrySet()) {
      ticks += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    return ticks / 100.0;
  }

  private void awaitUp() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the node exited early; see " + dir.resolve("node.log"));
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/health"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && Files.exists(dir.resolve("credentials"))) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the node did not come up within 120 s; see " + dir.resolve("node.log"));
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
