package io.kdss.ec.impl;

import io.kdss.ec.EcImplementation;

/**
 * The arithmetic one codec implementation brings: the Cauchy matrix, matrix inversion,
 * multiplication tables and the multiply over shards. {@link StripeCodec} does the rest
 * (argument checks, decode plans, caching) the same way for every engine.
 *
 * @param <T> the engine's prepared multiplication tables for one coefficient matrix
 */
public interface CodingEngine<T> {

  EcImplementation implementation();

  /** The (k+m) x k row-major encode matrix: identity on top, Cauchy rows below. */
  byte[] cauchyMatrix(int k, int m);

  /**
   * The inverse of an n x n row-major matrix.
   *
   * @throws ArithmeticException if it is singular
   */
  byte[] invert(byte[] square, int n);

  /** Tables for the row-major rows x k coefficient matrix. */
  T tables(byte[] coefficients, int rows, int k);

  /**
   * For r below rows, writes bytes [0, len) of the shard at address {@code outputs[r]} with
   * the sum over j below k of coefficient (r, j) times the shard at {@code sources[j]}. The
   * caller has checked every shard: native, alive, long enough, outputs overlapping nothing.
   */
  void multiply(T tables, int k, int rows, long[] sources, long[] outputs, int len);
}
