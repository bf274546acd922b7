package io.kdss.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Reed-Solomon encode and decode throughput on one thread, three ways side by side: a C
 * program calling the system ISA-L (the native limit, compiled here with gcc from
 * {@code bench/native/ec_bench.c}), the ISA-L codec through Panama, and the pure-Java Vector
 * API codec (both under JMH). GB/s counts the k data shards of a stripe.
 */
final class EcSuite implements BenchSuite {

  private static final String[] SCHEMES = {"4+2", "8+3", "10+4"};
  /** One measured window, JMH iteration or C loop alike. */
  private static final int WINDOW_MS = 600;
  private static final int QUICK_WINDOW_MS = 300;
  /** 4 KiB is beyond the brief: there a call's fixed cost would show if it had one. */
  private static final String[] SHARDS = {"4096", "65536", "1048576", "4194304"};

  @Override
  public String name() {
    return "ec";
  }

  @Override
  public String description() {
    return "RS encode/decode GB/s: C + ISA-L vs ISA-L via Panama vs pure Java (Vector API)";
  }

  @Override
  public void run(BenchArgs args) throws Exception {
    boolean quick = args.quick();
    String[] schemes = quick ? new String[] {"8+3"} : SCHEMES;
    String[] shards = quick ? new String[] {"65536", "1048576"} : SHARDS;
    Path exe = compileNative();
    try {
      // One stripe shape at a time, native then Java, so that load from other processes
      // drifting over the run hits both sides of each ratio alike.
      for (String scheme : schemes) {
        for (String shard : shards) {
          measure(exe, scheme, shard, quick);
        }
      }
      measureCallOverhead(exe, quick);
    } finally {
      Files.deleteIfExists(exe);
      Files.deleteIfExists(exe.getParent());
    }
  }

  private static void measure(Path exe, String scheme, String shard, boolean quick) throws Exception {
    int k = Integer.parseInt(scheme.substring(0, scheme.indexOf('+')));
    String what = "bench: ec " + scheme + " shards of " + label(shard) + ": ";
    System.err.println(what + "native ISA-L...");
    Map<String, Double> before = runNative(exe, scheme, shard, quick, quick ? 1 : 3);
    System.err.println(what + "ISA-L via Panama and pure Java (JMH)...");
    Collection<RunResult> results = new Runner(jmh(scheme, shard, quick)
        .addProfiler(GCProfiler.class).build()).run();
    System.err.println(what + "native ISA-L again...");
    Map<String, Double> after = runNative(exe, scheme, shard, quick, quick ? 1 : 2);
    for (String op : new String[] {"encode", "decode"}) {
      // Best of as many windows of the same length as JMH measures (3 before the Java runs,
      // 2 after), so load from other processes that comes and goes during the run neither
      // flatters nor penalises the ratios.
      double n = Math.max(before.get(op), after.get(op));
      double isal = bestGbps(results, op, "isal", k, shard);
      double java = bestGbps(results, op, "java-vector", k, shard);
      Results.print("ec", "scheme", scheme, "shard", label(shard), "op", op,
          "native_gbps", n, "isal_java_gbps", isal, "java_gbps", java,
          "isal_ratio", isal / n, "java_ratio", java / n,
          "isal_alloc_bytes_per_op", allocated(results, op, "isal"),
          "java_alloc_bytes_per_op", allocated(results, op, "java-vector"));
    }
  }

  /**
   * The fixed cost of one call, on 64-byte shards where the arithmetic is nearly nothing:
   * ns per call from C and from Java through Panama; the difference is what the Java side
   * adds to every call (downcall transition, argument checks, pointer arrays), to set against
   * the hundreds of microseconds one 1 MiB call takes.
   */
  private static void measureCallOverhead(Path exe, boolean quick) throws Exception {
    String scheme = "8+3";
    String shard = "64";
    System.err.println("bench: ec call overhead, " + scheme + " on 64-byte shards...");
    Map<String, Double> before = runNative(exe, scheme, shard, quick, quick ? 1 : 3);
    Collection<RunResult> results = new Runner(jmh(scheme, shard, quick).param("impl", "isal")
        .build()).run();
    Map<String, Double> after = runNative(exe, scheme, shard, quick, quick ? 1 : 2);
    double bytesPerCall = 8 * 64;
    for (String op : new String[] {"encode", "decode"}) {
      double nativeNs = bytesPerCall / Math.max(before.get(op), after.get(op));
      double javaNs = bytesPerCall / bestGbps(results, op, "isal", 8, shard);
      Results.print("ec", "scheme", scheme, "shard", "64B", "op", op,
          "native_ns_per_call", nativeNs, "isal_java_ns_per_call", javaNs,
          "overhead_ns", javaNs - nativeNs);
    }
  }

  /**
   * JMH on one stripe shape: one fork per benchmark, 3 warm-up seconds (the Vector API code
   * is slow until C2 has compiled it), 5 measured windows of 0.6 s; 1 and 2 x 0.3 s quick.
   */
  private static ChainedOptionsBuilder jmh(String scheme, String shard, boolean quick) {
    return Jmh.options(new BenchArgs(new String[] {"--quick=" + quick}))
        .include(EcBenchmark.class.getName()).param("scheme", scheme).param("shard", shard)
        .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(1))
        .measurementIterations(quick ? 2 : 5)
        .measurementTime(TimeValue.milliseconds(quick ? QUICK_WINDOW_MS : WINDOW_MS));
  }

  /**
   * The best measurement iteration in GB/s of data (k shards per operation). Best, not mean,
   * as for the native side: interference from other processes only ever slows an iteration.
   */
  private static double bestGbps(Collection<RunResult> results, String op, String impl, int k,
      String shard) {
    for (RunResult r : results) {
      if (r.getPrimaryResult().getLabel().equals(op) && r.getParams().getParam("impl").equals(impl)) {
        double best = 0;
        for (BenchmarkResult b : r.getBenchmarkResults()) {
          for (IterationResult i : b.getIterationResults()) {
            best = Math.max(best, i.getPrimaryResult().getScore());
          }
        }
        return best * k * Long.parseLong(shard) / 1e9;
      }
    }
    throw new IllegalStateException("no JMH result for " + op + " " + impl);
  }

  /** Bytes allocated per call (JMH's GC profiler): 0 shows the hot path allocates nothing. */
  private static double allocated(Collection<RunResult> results, String op, String impl) {
    for (RunResult r : results) {
      if (r.getPrimaryResult().getLabel().equals(op) && r.getParams().getParam("impl").equals(impl)) {
        var norm = r.getSecondaryResults().get("gc.alloc.rate.norm");
        return norm == null ? Double.NaN : norm.getScore();
      }
    }
    return Double.NaN;
  }

  private static String label(String shard) {
    long bytes = Long.parseLong(shard);
    return bytes >= 1 << 20 ? (bytes >> 20) + "MiB" : (bytes >> 10) + "KiB";
  }

  private static Path compileNative() throws IOException, InterruptedException {
    Path source = nativeSource();
    Path exe = Files.createTempDirectory("kdss-ec-bench").resolve("ec_bench");
    System.err.println("bench: compiling " + source + " with gcc -O2 -lisal");
    run(List.of("gcc", "-O2", "-o", exe.toString(), source.toString(), "-lisal"), null);
    return exe;
  }

  /**
   * Runs ec_bench on one stripe shape, measuring in windows as long as JMH's iterations;
   * returns the best window's GB/s by operation.
   */
  private static Map<String, Double> runNative(Path exe, String scheme, String shard,
      boolean quick, int windows) throws IOException, InterruptedException {
    Map<String, Double> gbps = new HashMap<>();
    String windowMillis = String.valueOf(quick ? QUICK_WINDOW_MS : WINDOW_MS);
    run(List.of(exe.toString(), windowMillis, String.valueOf(windows), scheme + ":" + shard), line -> {
      System.err.println("bench: " + line);
      for (String part : line.split(" ")) {
        if (part.startsWith("gbps=")) {
          gbps.put(line.contains("op=encode") ? "encode" : "decode", Double.parseDouble(part.substring(5)));
        }
      }
    });
    return gbps;
  }

  private static void run(List<String> cmd, java.util.function.Consumer<String> lines)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (lines != null) {
          lines.accept(line);
        }
      }
    }
    if (p.waitFor() != 0) {
      throw new IllegalStateException(cmd.get(0) + " failed (exit " + p.exitValue()
          + "); needs gcc and libisal-dev (scripts/install-deps)");
    }
  }

  /** bench/native/ec_bench.c beside the jar's bench/target/, else under the working directory. */
  private static Path nativeSource() throws IOException {
    try {
      Path jar = Path.of(EcSuite.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path beside = jar.getParent().getParent().resolve("native/ec_bench.c");
      if (Files.isRegularFile(beside)) {
        return beside;
      }
    } catch (java.net.URISyntaxException | RuntimeException e) {
      // fall through to the working directory
    }
    for (Path p : List.of(Path.of("bench/native/ec_bench.c"), Path.of("native/ec_bench.c"))) {
      if (Files.isRegularFile(p)) {
        return p.toAbsolutePath();
      }
    }
    throw new IOException("bench/native/ec_bench.c not found: run bench/run from the repository");
  }
}
