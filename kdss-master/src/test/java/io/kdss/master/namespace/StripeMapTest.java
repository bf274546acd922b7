package io.kdss.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Trim and resolve of extents, checked against a byte-by-byte model of the file. */
class StripeMapTest {

  private static Extent ext(long offset, long length, long stripe, long w) {
    return new Extent(offset, length, stripe, 1, 0, length, 4096, 4, 2, List.of(), w);
  }

  @Test
  void aReplaceSplitsPartlyCoveredExtentsAndFreesCoveredStripes() {
    List<Extent> before = List.of(ext(0, 100, 1, 1), ext(100, 100, 2, 1), ext(200, 100, 3, 1));
    StripeMap.Trimmed t = StripeMap.trim(before, 50, 250, 2);
    assertThat(t.kept()).extracting(Extent::offset, Extent::length, Extent::stripeId, Extent::dataOffset)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 50L, 1L, 0L),
            org.assertj.core.groups.Tuple.tuple(250L, 50L, 3L, 50L));
    assertThat(t.deadStripes()).extracting(Extent::stripeId).containsExactly(2L);
  }

  @Test
  void newerExtentsAreNeverCut() {
    StripeMap.Trimmed t = StripeMap.trim(List.of(ext(0, 100, 9, 5)), 0, 100, 3);
    assertThat(t.kept()).hasSize(1);
    assertThat(t.deadStripes()).isEmpty();
  }

  @Test
  void randomWritesReadBackAsTheModelSays() {
    for (long seed = 1; seed <= 300; seed++) {
      Random r = new Random(seed);
      long size = 2000;
      long[] model = new long[(int) size];
      List<Extent> map = new ArrayList<>();
      long stripe = 1;
      for (long w = 1; w <= 30; w++) {
        long a = r.nextInt((int) size - 1);
        long b = a + 1 + r.nextInt((int) Math.min(300, size - a));
        Extent fresh = ext(a, b - a, stripe++, w);
        List<Extent> withNew = new ArrayList<>(map);
        withNew.add(fresh);
        // Half-applied replace (new added, old not cut yet) must already read as the model.
        for (long i = a; i < b; i++) {
          model[(int) i] = fresh.stripeId() * 100_000 + (i - a);
        }
        assertThat(render(StripeMap.resolve(withNew, 0, size), size)).as("seed %d w %d half-applied", seed, w).isEqualTo(model);
        map = StripeMap.trim(withNew, a, b, w).kept();
        assertThat(render(StripeMap.resolve(map, 0, size), size)).as("seed %d w %d", seed, w).isEqualTo(model);
        for (int i = 0; i < map.size(); i++) {
          for (int j = i + 1; j < map.size(); j++) {
            Extent x = map.get(i);
            Extent y = map.get(j);
            assertThat(x.end() <= y.offset() || y.end() <= x.offset()).as("seed %d: no overlap after trim", seed).isTrue();
          }
        }
      }
    }
  }

  private static long[] render(List<Extent> runs, long size) {
    long[] out = new long[(int) size];
    long pos = -1;
    for (Extent e : runs) {
      assertThat(e.offset()).isGreaterThanOrEqualTo(pos);
      for (long i = 0; i < e.length(); i++) {
        out[(int) (e.offset() + i)] = e.stripeId() * 100_000 + e.dataOffset() + i;
      }
      pos = e.end();
    }
    return out;
  }

  @Test
  void chunkRangeCoversEveryExtentThatCanOverlap() {
    long span = StripeMap.CHUNK_SPAN;
    assertThat(StripeMap.firstChunk(0)).isZero();
    assertThat(StripeMap.lastChunk(span)).isZero();
    assertThat(StripeMap.lastChunk(span + 1)).isEqualTo(1);
    Extent late = new Extent(span + 10, 100, 7, 1, span - 10, span, 4096, 4, 2, List.of(), 1);
    assertThat(StripeMap.chunkOf(late)).isZero();
    assertThat(StripeMap.firstChunk(span + 50)).isLessThanOrEqualTo(StripeMap.chunkOf(late));
  }
}
