package io.kdss.ec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

/** k random data shards and m parity shards of one length, off-heap, for codec tests. */
final class TestStripe {

  final int k;
  final int m;
  final int len;
  final MemorySegment[] shards;

  TestStripe(Arena arena, int k, int m, int len, Random random) {
    this.k = k;
    this.m = m;
    this.len = len;
    this.shards = new MemorySegment[k + m];
    for (int i = 0; i < k + m; i++) {
      shards[i] = arena.allocate(Math.max(len, 1), 64);
      if (i < k) {
        byte[] bytes = new byte[len];
        random.nextBytes(bytes);
        shards[i].copyFrom(MemorySegment.ofArray(bytes));
      }
    }
  }

  MemorySegment[] data() {
    MemorySegment[] d = new MemorySegment[k];
    System.arraycopy(shards, 0, d, 0, k);
    return d;
  }

  MemorySegment[] parity() {
    MemorySegment[] p = new MemorySegment[m];
    System.arraycopy(shards, k, p, 0, m);
    return p;
  }

  void encode(ErasureCodec codec) {
    codec.encode(data(), parity(), len);
  }

  /** A copy of the first len bytes of every shard. */
  byte[][] snapshot() {
    byte[][] copy = new byte[k + m][];
    for (int i = 0; i < k + m; i++) {
      copy[i] = shards[i].asSlice(0, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }
    return copy;
  }

  /** Overwrites the listed shards with garbage, as a lost disk would leave them. */
  void destroy(int[] erased, Random random) {
    for (int i : erased) {
      byte[] junk = new byte[len];
      random.nextBytes(junk);
      shards[i].asSlice(0, len).copyFrom(MemorySegment.ofArray(junk));
    }
  }
}
