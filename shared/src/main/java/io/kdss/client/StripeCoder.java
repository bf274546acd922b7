package io.kdss.client;

import io.kdss.ec.ErasureCodec;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * Erasure coding and checksums of whole stripes on a dedicated worker pool, never on an event
 * loop. One codec per scheme, shared by all streams.
 */
final class StripeCoder {

  private final WorkerExecutor executor;
  private final Map<Integer, ErasureCodec> codecs = new ConcurrentHashMap<>();

  StripeCoder(Vertx vertx, int threads) {
    this.executor = vertx.createSharedWorkerExecutor("kdss-ec", threads);
  }

  ErasureCodec codec(int k, int m) {
    return codecs.computeIfAbsent(k * 256 + m, key -> ErasureCodec.create(k, m));
  }

  /**
   * Computes the m parity shards of a stripe whose k data shards are consecutive
   * {@code shardLen}-byte ranges of {@code data}, into consecutive ranges of {@code parity};
   * returns the CRC32C of every shard, data then parity.
   */
  Future<int[]> encode(int k, int m, ByteBuf data, ByteBuf parity, int shardLen) {
    return executor.executeBlocking(() -> {
      ByteBuffer[] d = slices(data, k, shardLen);
      ByteBuffer[] p = slices(parity, m, shardLen);
      if (m > 0) {
        codec(k, m).encode(d, p);
      }
      int[] crcs = new int[k + m];
      for (int i = 0; i < k; i++) {
        crcs[i] = crc(d[i]);
      }
      for (int i = 0; i < m; i++) {
        crcs[k + i] = crc(p[i]);
      }
      return crcs;
    }, false);
  }

  /** Rebuilds {@code erased} shards in place from the others (null = unavailable). */
  Future<Void> decode(int k, int m, ByteBuffer[] shards, int[] erased) {
    return executor.executeBlocking(() -> {
      codec(k, m).decode(shards, erased);
      return null;
    }, false);
  }

  static int crc(ByteBuffer b) {
    CRC32C c = new CRC32C();
    c.update(b.duplicate());
    return (int) c.getValue();
  }

  static ByteBuffer[] slices(ByteBuf buf, int n, int len) {
    ByteBuffer[] out = new ByteBuffer[n];
    for (int i = 0; i < n; i++) {
      out[i] = buf.nioBuffer(buf.readerIndex() + i * len, len);
    }
    return out;
  }

  Future<Void> close() {
    return executor.close();
  }
}
