package io.kdss.bench;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Common JMH settings (short on --quick) and result lookup in GB/s. */
final class Jmh {

  private Jmh() {
  }

  static ChainedOptionsBuilder options(BenchArgs args) {
    boolean quick = args.quick();
    return new OptionsBuilder()
        .forks(1)
        .warmupIterations(quick ? 1 : 3)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(quick ? 1 : 5)
        .measurementTime(TimeValue.seconds(quick ? 1 : 2))
        .jvmArgsAppend("--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
            "--sun-misc-unsafe-memory-access=allow")
        .shouldFailOnError(true);
  }

  /**
   * The throughput of benchmark method {@code method} with parameter {@code bytes}, in GB/s
   * (methods report operations per second; one operation processes {@code bytes}).
   */
  static double score(Collection<RunResult> results, String method, String bytes) {
    for (RunResult r : results) {
      String label = r.getPrimaryResult().getLabel();
      String p = r.getParams().getParam("bytes");
      if (label.equals(method) && bytes.equals(p)) {
        double opsPerSecond = r.getPrimaryResult().getScore();
        return opsPerSecond * Long.parseLong(bytes) / 1e9;
      }
    }
    throw new IllegalStateException("no result for " + method + " bytes=" + bytes);
  }
}
