package io.kdss.ec;

import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.Random;

/**
 * Run in a child JVM by {@link VectorWidthTest} with {@code -Dkdss.ec.vectorBits}: the vector
 * codec at that width must write ISA-L's parity and rebuild every lost shard. Prints "ok" and
 * exits 0, or prints what differed and exits 1.
 */
public final class VectorWidthCheck {

  private VectorWidthCheck() {
  }

  public static void main(String[] args) {
    Random random = new Random(Long.parseLong(args[0]));
    ErasureCodecOptions java = new ErasureCodecOptions().setImplementation(EcImplementation.JAVA_VECTOR);
    ErasureCodecOptions isal = new ErasureCodecOptions().setImplementation(EcImplementation.ISAL);
    for (int m = 1; m <= 8; m++) {
      int k = 1 + random.nextInt(16);
      try (Arena arena = Arena.ofConfined()) {
        TestStripe stripe = new TestStripe(arena, k, m, 1000 + random.nextInt(5000), random);
        stripe.encode(ErasureCodec.create(k, m, isal));
        byte[][] expected = stripe.snapshot();
        stripe.destroy(ErasureCodecTest.indexes(k, k + m), random);
        stripe.encode(ErasureCodec.create(k, m, java));
        int[] erased = ErasureCodecTest.randomLoss(k + m, m, random);
        if (!Arrays.deepEquals(stripe.snapshot(), expected)) {
          fail(k, m, "parity differs from ISA-L's");
        }
        stripe.destroy(erased, random);
        ErasureCodec.create(k, m, java).decode(stripe.shards, erased, stripe.len);
        if (!Arrays.deepEquals(stripe.snapshot(), expected)) {
          fail(k, m, "rebuilt shards " + Arrays.toString(erased) + " differ");
        }
      }
    }
    System.out.println("ok");
  }

  private static void fail(int k, int m, String what) {
    System.out.println(k + "+" + m + ": " + what);
    System.exit(1);
  }
}
