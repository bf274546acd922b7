package io.kdss.ec;

import io.kdss.config.ConfigSection;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@link ErasureCodec#create(int, int, ErasureCodecOptions)} builds a codec. The YAML
 * form is a section such as {@code ec: {implementation: auto, decodeCacheSize: 1024}}.
 */
public final class ErasureCodecOptions {

  /** Pick ISA-L when it loads, else the pure-Java codec. */
  public static final String AUTO = "auto";
  public static final String DEFAULT_IMPLEMENTATION = AUTO;
  /**
   * Decode plans (inverted matrix and tables for one pattern of lost shards) kept per codec.
   * A plan is at most 8 x 32 x 32 bytes of tables; 10+4 has 1,001 ways to pick the sources.
   */
  public static final int DEFAULT_DECODE_CACHE_SIZE = 1024;

  private String implementation = DEFAULT_IMPLEMENTATION;
  private int decodeCacheSize = DEFAULT_DECODE_CACHE_SIZE;

  public ErasureCodecOptions() {
  }

  public ErasureCodecOptions(ErasureCodecOptions other) {
    this.implementation = other.implementation;
    this.decodeCacheSize = other.decodeCacheSize;
  }

  public ErasureCodecOptions(ConfigSection s) {
    implementation = s.oneOf("implementation", DEFAULT_IMPLEMENTATION, allowedImplementations());
    decodeCacheSize = s.integer("decodeCacheSize", DEFAULT_DECODE_CACHE_SIZE, 1, 1 << 20);
    s.finish();
  }

  /** {@code auto} and the id of every {@link EcImplementation}. */
  public static List<String> allowedImplementations() {
    List<String> ids = new ArrayList<>();
    ids.add(AUTO);
    for (EcImplementation i : EcImplementation.values()) {
      ids.add(i.id());
    }
    return ids;
  }

  /** {@code auto}, or the id of the {@link EcImplementation} to use (failing if unavailable). */
  public String implementation() {
    return implementation;
  }

  public ErasureCodecOptions setImplementation(String implementation) {
    if (!allowedImplementations().contains(implementation)) {
      throw new IllegalArgumentException("EC implementation '" + implementation + "' is not one of "
          + allowedImplementations());
    }
    this.implementation = implementation;
    return this;
  }

  public ErasureCodecOptions setImplementation(EcImplementation implementation) {
    return setImplementation(implementation.id());
  }

  public int decodeCacheSize() {
    return decodeCacheSize;
  }

  public ErasureCodecOptions setDecodeCacheSize(int decodeCacheSize) {
    if (decodeCacheSize < 1) {
      throw new IllegalArgumentException("decodeCacheSize must be at least 1, got " + decodeCacheSize);
    }
    this.decodeCacheSize = decodeCacheSize;
    return this;
  }
}
