package io.kdss.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Entry point of {@code bench/run}: {@code bench/run <suite> [--key=value ...]}. */
public final class BenchMain {

  private static final List<BenchSuite> SUITES = List.of(new Crc32cSuite(), new EcSuite(), new StorageSuite(),
      new ShardNetSuite(), new MetaSuite(), new S3BodySuite(), new RepairSuite());

  private BenchMain() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, BenchSuite> byName = new LinkedHashMap<>();
    SUITES.forEach(s -> byName.put(s.name(), s));
    if (args.length == 0 || args[0].equals("--help") || !byName.containsKey(args[0])) {
      System.err.println("usage: bench/run <suite> [--quick] [--key=value ...]");
      System.err.println("suites:");
      byName.values().forEach(s -> System.err.printf("  %-10s %s%n", s.name(), s.description()));
      System.exit(args.length == 0 || args[0].equals("--help") ? 0 : 2);
    }
    byName.get(args[0]).run(new BenchArgs(Arrays.copyOfRange(args, 1, args.length)));
  }
}
