package io.kdss.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Crc32cBenchmark {

  @Param({"4096", "1048576"})
  public int bytes;

  private byte[] heap;
  private ByteBuffer direct;
  private ByteBuffer target;

  @Setup
  public void setup() {
    heap = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(heap);
    direct = ByteBuffer.allocateDirect(bytes).put(heap).flip();
    target = ByteBuffer.allocateDirect(bytes);
  }

  @Benchmark
  public long heap() {
    CRC32C crc = new CRC32C();
    crc.update(heap, 0, heap.length);
    return crc.getValue();
  }

  @Benchmark
  public long direct() {
    CRC32C crc = new CRC32C();
    crc.update(direct.duplicate());
    return crc.getValue();
  }

  @Benchmark
  public ByteBuffer copy() {
    target.clear();
    target.put(direct.duplicate());
    return target;
  }
}
