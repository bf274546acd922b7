package io.kdss.bench;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;

/**
 * CRC32C throughput (every record's header and payload is checksummed) on heap and direct
 * buffers, beside a plain memory copy of the same bytes as the baseline it must approach.
 */
final class Crc32cSuite implements BenchSuite {

  @Override
  public String name() {
    return "crc";
  }

  @Override
  public String description() {
    return "CRC32C GB/s on heap and direct buffers vs a memory copy (JMH)";
  }

  @Override
  public void run(BenchArgs args) throws Exception {
    Options opts = Jmh.options(args).include(Crc32cBenchmark.class.getName()).build();
    Collection<RunResult> results = new Runner(opts).run();
    for (String size : new String[] {"4096", "1048576"}) {
      double copy = Jmh.score(results, "copy", size);
      for (String kind : new String[] {"heap", "direct"}) {
        double crc = Jmh.score(results, kind, size);
        Results.print("crc32c", "buffer", kind, "bytes", size,
            "crc_gbps", crc, "memcpy_gbps", copy, "ratio", crc / copy);
      }
    }
  }
}
