package io.kdss.storage.repair;

import io.kdss.ec.ErasureCodec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Rebuilds one shard of a stripe from k others with the EC codec, in native memory owned by
 * the calling thread (a CPU-pool thread: decoding never runs on an event loop).
 */
final class StripeDecoder {

  private StripeDecoder() {
  }

  /**
   * Shard {@code target} of a stripe, decoded from {@code have} (indexed by shard; null =
   * unavailable; at least k present, each {@code len} bytes).
   */
  static byte[] rebuild(ErasureCodec codec, byte[][] have, int target, int len) {
    int n = codec.totalShards();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment[] shards = new MemorySegment[n];
      for (int i = 0; i < n; i++) {
        if (have[i] != null && i != target) {
          shards[i] = arena.allocate(len, 64);
          MemorySegment.copy(have[i], 0, shards[i], ValueLayout.JAVA_BYTE, 0, len);
        }
      }
      shards[target] = arena.allocate(len, 64);
      codec.decode(shards, new int[] {target}, len);
      return shards[target].toArray(ValueLayout.JAVA_BYTE);
    }
  }
}
