package io.kdss.meta.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The embedded store's index key order is a total order (a B-tree needs one), NaN and infinities included. */
class KeyOrderPropertiesTest {

  private static final long BIG = 1L << 53;

  private static List<Object> pool() {
    List<Object> scalars = new ArrayList<>(Arrays.asList(null, Missing.getInstance(), 0, 1, 1L, 1.0, -0.0, 0.0, 2, 2.5,
        BIG, BIG + 1, BIG + 2, BIG + 3, (double) BIG, (double) (BIG + 2), (double) (BIG + 4), BIG * 2 + 1, BIG * 2 + 2,
        BIG * 2 + 3, (double) (BIG * 2), (double) (BIG * 2 + 4), Long.MAX_VALUE, (double) Long.MAX_VALUE,
        Long.MAX_VALUE - 1,  Integer.MAX_VALUE,
        "", "a", "b", "ab", "\uD83D\uDE00", "\uFFFF", true, false,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    List<Object> out = new ArrayList<>(scalars);
    Random r = new Random(1);
    for (int i = 0; i < 60; i++) {
      Object a = scalars.get(r.nextInt(scalars.size()));
      Object b = scalars.get(r.nextInt(scalars.size()));
      if (a instanceof Missing || b instanceof Missing) {
        continue;
      }
      out.add(new Document("x", a));
      out.add(new Document("x", a).append("y", b));
      out.add(new Document("y", b).append("x", a));
      out.add(new ArrayList<>(Arrays.asList(a, b)));
      out.add(new ArrayList<>(Arrays.asList(a)));
    }
    out.add(new ArrayList<>());
    out.add(new ArrayList<>(Arrays.asList((Object) null)));
    out.add(new Document());
    return out;
  }

  private static int sgn(int c) {
    return Integer.signum(c);
  }

  @Test
  void keyOrderIsATotalOrder() {
    List<Object> p = pool();
    List<String> problems = new ArrayList<>();
    int n = p.size();
    int[][] c = new int[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        try {
          c[i][j] = sgn(MongoValueOrder.compareKeys(new KeyValue(p.get(i)), new KeyValue(p.get(j))));
        } catch (RuntimeException e) {
          problems.add("throws " + e + " for " + p.get(i) + " vs " + p.get(j));
          c[i][j] = 99;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (c[i][j] != 99 && c[j][i] != 99 && c[i][j] != -c[j][i]) {
          problems.add("antisymmetry " + p.get(i) + " vs " + p.get(j));
        }
        for (int k = 0; k < n && problems.size() < 40; k++) {
          if (c[i][j] <= 0 && c[j][k] <= 0 && c[i][j] != 99 && c[j][k] != 99 && c[i][k] != 99 && c[i][k] > 0) {
            problems.add("transitivity " + p.get(i) + " <= " + p.get(j) + " <= " + p.get(k) + " but first > last");
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }
}
