package io.kdss.ec;

import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.Random;

/**
 * Run by {@link VectorWidthTest} in a child JVM whose ISA-L library name points nowhere:
 * {@code auto} must pick the Java codec and still round-trip; asking for ISA-L must fail.
 */
public final class FallbackCheck {

  private FallbackCheck() {
  }

  public static void main(String[] args) {
    ErasureCodec codec = ErasureCodec.create(4, 2);
    try (Arena arena = Arena.ofConfined()) {
      Random random = new Random(7);
      TestStripe stripe = new TestStripe(arena, 4, 2, 4096, random);
      stripe.encode(codec);
      byte[][] expected = stripe.snapshot();
      stripe.destroy(new int[] {0, 5}, random);
      codec.decode(stripe.shards, new int[] {0, 5}, stripe.len);
      if (!Arrays.deepEquals(stripe.snapshot(), expected)) {
        System.out.println("round trip failed");
        System.exit(1);
      }
    }
    System.out.println("auto picked " + codec.implementation().id() + ", round trip ok");
    try {
      ErasureCodec.create(4, 2, new ErasureCodecOptions().setImplementation(EcImplementation.ISAL));
      System.out.println("isal was created without its library");
      System.exit(1);
    } catch (IllegalStateException e) {
      System.out.println("isal refused: " + e.getMessage());
    }
  }
}
