package io.kdss.ec.impl;

import io.kdss.ec.EcImplementation;
import io.kdss.ec.ErasureCodec;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link ErasureCodec} over any {@link CodingEngine}: checks arguments, holds the encode
 * tables, and builds and caches one {@link DecodePlan} per pattern of lost shards. Immutable
 * apart from the plan cache, which is concurrent: safe to share between threads.
 */
public final class StripeCodec<T> implements ErasureCodec {

  private final int k;
  private final int m;
  private final String scheme;
  private final CodingEngine<T> engine;
  private final byte[] encodeMatrix;
  private final T encodeTables;
  private final long dataMask;
  private final long parityMask;
  private final int planCacheSize;
  private final ConcurrentHashMap<PlanKey, DecodePlan<T>> plans = new ConcurrentHashMap<>();
  /**
   * The last plan built: a pattern that repeats (a rebuild, a dead disk) skips the map. Only
   * a build writes it, so threads decoding different patterns do not fight over the field.
   */
  private volatile DecodePlan<T> lastPlan;

  private record PlanKey(long sources, long targets) {
  }

  StripeCodec(int k, int m, CodingEngine<T> engine, int planCacheSize) {
    checkScheme(k, m);
    this.k = k;
    this.m = m;
    this.scheme = k + "+" + m;
    this.engine = engine;
    this.planCacheSize = planCacheSize;
    this.encodeMatrix = engine.cauchyMatrix(k, m);
    byte[] parityRows = new byte[m * k];
    System.arraycopy(encodeMatrix, k * k, parityRows, 0, m * k);
    this.encodeTables = engine.tables(parityRows, m, k);
    this.dataMask = (1L << k) - 1;
    this.parityMask = (1L << m) - 1;
  }

  static void checkScheme(int k, int m) {
    if (k < 1 || k > MAX_DATA_SHARDS) {
      throw new IllegalArgumentException("k (data shards) must be 1.." + MAX_DATA_SHARDS + ", got " + k);
    }
    if (m < 1 || m > MAX_PARITY_SHARDS) {
      throw new IllegalArgumentException("m (parity shards) must be 1.." + MAX_PARITY_SHARDS + ", got " + m);
    }
  }

  @Override
  public int dataShards() {
    return k;
  }

  @Override
  public int parityShards() {
    return m;
  }

  @Override
  public EcImplementation implementation() {
    return engine.implementation();
  }

  /** A copy of the (k+m) x k row-major encode matrix. */
  public byte[] encodeMatrix() {
    return encodeMatrix.clone();
  }

  @Override
  public void encode(MemorySegment[] data, MemorySegment[] parity, int len) {
    ShardChecks.length(len);
    ShardChecks.count(data, "data shards", k, scheme);
    ShardChecks.count(parity, "parity shards", m, scheme);
    NativeMemory.Addresses a = NativeMemory.scratch();
    for (int j = 0; j < k; j++) {
      a.sources()[j] = ShardChecks.input(data[j], "data", j, len);
    }
    for (int r = 0; r < m; r++) {
      a.outputs()[r] = ShardChecks.output(parity[r], "parity", r, len);
    }
    ShardChecks.noOverlap(a.sources(), dataMask, "data", a.outputs(), parityMask, "parity", k, m,
        len);
    if (len > 0) {
      engine.multiply(encodeTables, k, m, a.sources(), a.outputs(), len);
    }
  }

  @Override
  public void encode(ByteBuffer[] data, ByteBuffer[] parity) {
    ShardChecks.count(data, "data shards", k, scheme);
    ShardChecks.count(parity, "parity shards", m, scheme);
    MemorySegment[] d = new MemorySegment[k];
    MemorySegment[] p = new MemorySegment[m];
    int len = ShardChecks.wrap(data, "data", d);
    int parityLen = ShardChecks.wrap(parity, "parity", p);
    if (len != parityLen && len >= 0 && parityLen >= 0) {
      throw new IllegalArgumentException("shard sizes differ: data shards have " + len
          + " bytes remaining, parity shards " + parityLen);
    }
    encode(d, p, Math.max(len, 0));
    Reference.reachabilityFence(data);
    Reference.reachabilityFence(parity);
  }

  @Override
  public void decode(MemorySegment[] shards, int[] erased, int len) {
    ShardChecks.length(len);
    ShardChecks.count(shards, "shards", k + m, scheme);
    long targets = targetMask(erased);
    NativeMemory.Addresses a = NativeMemory.scratch();
    int rows = 0;
    for (int t = 0; t < k + m; t++) {
      if ((targets & (1L << t)) != 0) {
        a.outputs()[rows++] = ShardChecks.output(shards[t], "erased", t, len);
      }
    }
    long sources = 0;
    int found = 0;
    for (int i = 0; i < k + m && found < k; i++) {
      if (shards[i] != null && (targets & (1L << i)) == 0) {
        a.sources()[found++] = ShardChecks.input(shards[i], "shards", i, len);
        sources |= 1L << i;
      }
    }
    if (found < k) {
      throw new IllegalArgumentException("cannot rebuild: only " + found + " of the " + (k + m)
          + " shards are available (neither erased nor null), " + scheme + " needs " + k);
    }
    ShardChecks.noOverlap(a.sources(), sources, "shards", a.outputs(), targets, "erased", k, rows,
        len);
    if (rows == 0 || len == 0) {
      return;
    }
    engine.multiply(plan(sources, targets).tables(), k, rows, a.sources(), a.outputs(), len);
  }

  @Override
  public void decode(ByteBuffer[] shards, int[] erased) {
    ShardChecks.count(shards, "shards", k + m, scheme);
    MemorySegment[] s = new MemorySegment[k + m];
    int len = ShardChecks.wrap(shards, "shards", s);
    decode(s, erased, Math.max(len, 0));
    Reference.reachabilityFence(shards);
  }

  private long targetMask(int[] erased) {
    if (erased == null) {
      throw new IllegalArgumentException("erased is null (pass an empty array to rebuild nothing)");
    }
    if (erased.length > m) {
      throw new IllegalArgumentException("too many erasures: " + erased.length + " shards erased, "
          + scheme + " rebuilds at most " + m);
    }
    long mask = 0;
    for (int t : erased) {
      if (t < 0 || t >= k + m) {
        throw new IllegalArgumentException("erased index " + t + " is outside 0.." + (k + m - 1));
      }
      if ((mask & (1L << t)) != 0) {
        throw new IllegalArgumentException("erased index " + t + " is listed twice");
      }
      mask |= 1L << t;
    }
    return mask;
  }

  private DecodePlan<T> plan(long sources, long targets) {
    DecodePlan<T> last = lastPlan;
    if (last != null && last.matches(sources, targets)) {
      return last;
    }
    PlanKey key = new PlanKey(sources, targets);
    DecodePlan<T> plan = plans.get(key);
    if (plan == null) {
      if (plans.size() >= planCacheSize) {
        plans.clear();
      }
      plan = plans.computeIfAbsent(key, x -> {
        DecodePlan<T> built = buildPlan(sources, targets);
        lastPlan = built;
        return built;
      });
    }
    return plan;
  }

  private DecodePlan<T> buildPlan(long sourceMask, long targetMask) {
    int[] sources = indexes(sourceMask);
    int[] targets = indexes(targetMask);
    byte[] inverse = engine.invert(DecodePlan.sourceMatrix(encodeMatrix, k, sources), k);
    byte[] rows = DecodePlan.decodeMatrix(encodeMatrix, inverse, k, targets);
    return new DecodePlan<>(sourceMask, targetMask, sources, targets,
        engine.tables(rows, targets.length, k));
  }

  private static int[] indexes(long mask) {
    int[] a = new int[Long.bitCount(mask)];
    for (int i = 0, n = 0; n < a.length; i++) {
      if ((mask & (1L << i)) != 0) {
        a[n++] = i;
      }
    }
    return a;
  }

  @Override
  public String toString() {
    return "ErasureCodec[" + scheme + ", " + engine.implementation().id() + "]";
  }
}
