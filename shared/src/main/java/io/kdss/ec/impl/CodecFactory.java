package io.kdss.ec.impl;

import io.kdss.ec.EcImplementation;
import io.kdss.ec.ErasureCodec;
import io.kdss.ec.ErasureCodecOptions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds codecs: ISA-L when asked or when {@code auto} finds it, otherwise the pure-Java
 * codec (vector or scalar). Logs once per process which implementation is active and, when
 * it is not ISA-L, why.
 */
public final class CodecFactory {

  private static final Logger LOG = LoggerFactory.getLogger(ErasureCodec.class);
  private static final Set<EcImplementation> LOGGED = ConcurrentHashMap.newKeySet();
  /** Codecs are immutable and thread-safe: one per shape serves the whole process. */
  private static final ConcurrentHashMap<Shape, ErasureCodec> CODECS = new ConcurrentHashMap<>();

  private record Shape(EcImplementation implementation, int k, int m, int cacheSize) {
  }

  private CodecFactory() {
  }

  public static ErasureCodec create(int k, int m, ErasureCodecOptions options) {
    StripeCodec.checkScheme(k, m);
    EcImplementation wanted = EcImplementation.byId(options.implementation());
    if (wanted == null) {
      return auto(k, m, options.decodeCacheSize());
    }
    checkAvailable(wanted);
    return build(k, m, wanted, options.decodeCacheSize(), null);
  }

  /** Whether an implementation can run in this process. */
  public static boolean available(EcImplementation implementation) {
    return switch (implementation) {
      case ISAL -> IsalLibrary.available();
      case JAVA_VECTOR -> JavaEngine.vectorAvailable();
      case JAVA_SCALAR -> true;
    };
  }

  private static void checkAvailable(EcImplementation wanted) {
    if (wanted == EcImplementation.ISAL && !IsalLibrary.available()) {
      throw new IllegalStateException("ISA-L is unavailable: " + IsalLibrary.failure()
          + " (install libisal2, or use the 'java-vector' implementation)");
    }
    if (wanted == EcImplementation.JAVA_VECTOR && !JavaEngine.vectorAvailable()) {
      throw new IllegalStateException("the Vector API codec is unavailable: "
          + JavaEngine.vectorUnavailableReason());
    }
  }

  private static ErasureCodec auto(int k, int m, int cacheSize) {
    if (IsalLibrary.available()) {
      return build(k, m, EcImplementation.ISAL, cacheSize, null);
    }
    String why = "ISA-L unavailable: " + IsalLibrary.failure();
    if (JavaEngine.vectorAvailable()) {
      return build(k, m, EcImplementation.JAVA_VECTOR, cacheSize, why);
    }
    return build(k, m, EcImplementation.JAVA_SCALAR, cacheSize,
        why + "; Vector API unavailable: " + JavaEngine.vectorUnavailableReason());
  }

  private static ErasureCodec build(int k, int m, EcImplementation impl, int cacheSize, String why) {
    ErasureCodec codec = CODECS.computeIfAbsent(new Shape(impl, k, m, cacheSize), s -> switch (impl) {
      case ISAL -> new StripeCodec<>(k, m, IsalEngine.INSTANCE, cacheSize);
      case JAVA_VECTOR -> new StripeCodec<>(k, m, JavaEngine.vector(), cacheSize);
      case JAVA_SCALAR -> new StripeCodec<>(k, m, JavaEngine.SCALAR, cacheSize);
    });
    if (LOGGED.add(impl)) {
      var event = why == null ? LOG.atInfo() : LOG.atWarn().addKeyValue("reason", why);
      event.addKeyValue("implementation", impl.id())
          .addKeyValue("detail", detail(impl))
          .log("erasure codec active");
    }
    return codec;
  }

  private static String detail(EcImplementation impl) {
    return switch (impl) {
      case ISAL -> IsalLibrary.NAME;
      case JAVA_VECTOR -> VectorKernel.SPECIES.vectorBitSize() + "-bit vectors";
      case JAVA_SCALAR -> "table per byte";
    };
  }
}
