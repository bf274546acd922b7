package io.kdss.ec;

/** The arithmetic behind an {@link ErasureCodec}; {@link #id()} is its name in config and logs. */
public enum EcImplementation {
  /** ISA-L ({@code libisal.so.2}) through java.lang.foreign downcalls: the fastest. */
  ISAL("isal"),
  /** Pure Java with the JDK Vector API: ISA-L's nibble-table multiply on SIMD registers. */
  JAVA_VECTOR("java-vector"),
  /** Pure Java, one table lookup per byte: the floor when nothing better is available. */
  JAVA_SCALAR("java-scalar");

  private final String id;

  EcImplementation(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The constant whose {@link #id()} is {@code id}, or null. */
  public static EcImplementation byId(String id) {
    for (EcImplementation i : values()) {
      if (i.id.equals(id)) {
        return i;
      }
    }
    return null;
  }
}
