package io.kdss.bench;

import io.kdss.ec.ErasureCodec;
import io.kdss.ec.ErasureCodecOptions;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One RS(k, m) stripe of off-heap shards coded on one thread. {@code encode} writes the m
 * parity shards; {@code decode} rebuilds data shards 0..m-1 from the other k shards (the
 * worst case: every lost shard is data), as the native ec_bench does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EcBenchmark {

  @Param({"4+2", "8+3", "10+4"})
  public String scheme;

  @Param({"4096", "65536", "1048576", "4194304"})
  public int shard;

  @Param({"isal", "java-vector"})
  public String impl;

  private Arena arena;
  private ErasureCodec codec;
  private MemorySegment[] data;
  private MemorySegment[] parity;
  private MemorySegment[] shards;
  private int[] erased;

  @Setup
  public void setup() {
    int k = Integer.parseInt(scheme.substring(0, scheme.indexOf('+')));
    int m = Integer.parseInt(scheme.substring(scheme.indexOf('+') + 1));
    codec = ErasureCodec.create(k, m, new ErasureCodecOptions().setImplementation(impl));
    arena = Arena.ofShared();
    shards = new MemorySegment[k + m];
    Random random = new Random(42);
    byte[] bytes = new byte[shard];
    for (int i = 0; i < k + m; i++) {
      shards[i] = arena.allocate(shard, 64);
      random.nextBytes(bytes);
      shards[i].copyFrom(MemorySegment.ofArray(bytes));
    }
    data = Arrays.copyOfRange(shards, 0, k);
    parity = Arrays.copyOfRange(shards, k, k + m);
    erased = new int[m];
    for (int i = 0; i < m; i++) {
      erased[i] = i;
    }
    codec.encode(data, parity, shard);
    checkDecode();
  }

  /** A benchmark of wrong answers is worthless: rebuild once and compare before timing. */
  private void checkDecode() {
    byte[][] before = new byte[erased.length][];
    for (int i = 0; i < erased.length; i++) {
      before[i] = shards[i].toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
      shards[i].fill((byte) 0);
    }
    codec.decode(shards, erased, shard);
    for (int i = 0; i < erased.length; i++) {
      if (!Arrays.equals(before[i], shards[i].toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))) {
        throw new IllegalStateException(impl + " " + scheme + " rebuilt shard " + i + " wrong");
      }
    }
  }

  @TearDown
  public void tearDown() {
    arena.close();
  }

  @Benchmark
  public void encode() {
    codec.encode(data, parity, shard);
  }

  @Benchmark
  public void decode() {
    codec.decode(shards, erased, shard);
  }
}
