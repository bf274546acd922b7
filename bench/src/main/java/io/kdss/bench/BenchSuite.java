package io.kdss.bench;

/** One benchmark suite of {@code bench/run <suite>}; it prints {@link Results} lines. */
public interface BenchSuite {

  String name();

  String description();

  void run(BenchArgs args) throws Exception;
}
