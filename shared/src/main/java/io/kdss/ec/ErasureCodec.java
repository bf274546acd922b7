package io.kdss.ec;

import io.kdss.ec.impl.CodecFactory;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Reed-Solomon RS(k, m) over GF(2^8): k data shards make m parity shards, and any k of the
 * k + m shards rebuild the others. The matrix is ISA-L's Cauchy matrix (identity over
 * {@code 1 / (i ^ j)}), so every implementation writes the same parity bytes.
 *
 * <p>Shards are off-heap memory (native {@link MemorySegment}s or direct {@link ByteBuffer}s),
 * read and written in place: nothing is copied. The segment forms allocate nothing per call
 * once a decode pattern has been seen; the buffer forms wrap each buffer in a segment.
 * Every implementation works on the shards' addresses, as a native library does: each shard
 * is checked (alive, owned by the calling thread) when the call starts, and must stay
 * allocated until it returns (closing a shared arena from another thread mid-call is a bug
 * in the caller).
 *
 * <p>A codec is immutable apart from its caches and is safe to share between threads; one
 * instance per (k, m) is all a process needs. Calls run on the caller's thread for as long as
 * the arithmetic takes (microseconds to milliseconds): keep them off event loops.
 *
 * <p>Every argument is checked before any byte is written; a bad one throws
 * {@link IllegalArgumentException} naming what is wrong, never produces wrong data.
 */
public interface ErasureCodec {

  /** The largest k supported. */
  int MAX_DATA_SHARDS = 32;
  /** The largest m supported. */
  int MAX_PARITY_SHARDS = 8;

  /**
   * A codec for RS(k, m): ISA-L when {@code libisal.so.2} loads, otherwise the pure-Java codec
   * (Vector API when available). The choice is logged once per process. Codecs are shared:
   * asking twice for the same shape returns the same instance.
   */
  static ErasureCodec create(int k, int m) {
    return CodecFactory.create(k, m, new ErasureCodecOptions());
  }

  /** A codec for RS(k, m) with the implementation the options ask for. */
  static ErasureCodec create(int k, int m, ErasureCodecOptions options) {
    return CodecFactory.create(k, m, options);
  }

  /** k, the number of data shards. */
  int dataShards();

  /** m, the number of parity shards (the number of lost shards a stripe survives). */
  int parityShards();

  default int totalShards() {
    return dataShards() + parityShards();
  }

  /** Which arithmetic runs the calls, for logs, metrics and health. */
  EcImplementation implementation();

  /**
   * Computes {@code parity} from {@code data}: bytes [0, len) of each of the k data shards are
   * read and bytes [0, len) of each of the m parity shards are overwritten. Shards may be
   * larger than {@code len}; parity must not overlap data.
   */
  void encode(MemorySegment[] data, MemorySegment[] parity, int len);

  /**
   * {@link #encode(MemorySegment[], MemorySegment[], int)} on the remaining bytes of direct
   * buffers, which must all have the same {@code remaining()}. Positions do not move.
   */
  void encode(ByteBuffer[] data, ByteBuffer[] parity);

  /**
   * Rebuilds the shards listed in {@code erased} in place from k of the others.
   *
   * @param shards the k + m shards in order (data 0..k-1, then parity). An erased shard is
   *     the buffer to write into; any other shard that is null is unavailable and neither
   *     read nor written. At least k shards must be neither erased nor null.
   * @param erased indexes (0 .. k+m-1) of the shards to rebuild, at most m, no duplicates
   * @param len bytes [0, len) of each shard are read or written
   */
  void decode(MemorySegment[] shards, int[] erased, int len);

  /**
   * {@link #decode(MemorySegment[], int[], int)} on the remaining bytes of direct buffers,
   * which must all have the same {@code remaining()}. Positions do not move.
   */
  void decode(ByteBuffer[] shards, int[] erased);
}
