package io.kdss.meta.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The order of keys in the embedded store's B-trees: mongo-java-server's own
 * {@link ValueComparator} (MongoDB's BSON comparison order: MinKey, null/missing, numbers, strings,
 * documents, arrays, binary, ObjectId, booleans, dates, timestamps, regexes, MaxKey), made a
 * total order that is exactly as fine as key equality was before (byte equality of the Java
 * serialization of the normalized key):
 * <ul>
 * <li>numbers compare by value ({@code 1}, {@code 1L}, {@code 1.0} are one key, as in MongoDB;
 *     the unique index normalizes keys to Double anyway), exactly when a Long is involved
 *     (2^53 and 2^53 + 1 stay two keys, where a double comparison would merge them);</li>
 * <li>documents and arrays the comparator calls equal but whose encodings differ (its
 *     min-element rule for nested arrays, {@code [null]} against {@code []}) are ordered by
 *     their encoding;</li>
 * <li>types the comparator cannot order (JavaScript code) sort between regexes and MaxKey, by
 *     encoding.</li>
 * </ul>
 * {@link #comparePositions} adds the Java type as a last tie-break: positions are document
 * {@code _id}s as stored, where {@code 1} and {@code 1L} were distinct keys before.
 */
public final class MongoValueOrder {

  private static final ValueComparator VALUES = ValueComparator.ascWithoutListHandling();
  private static final List<Class<?>> RANKS = List.of(Number.class, String.class, Document.class,
      List.class, BinData.class, LegacyUUID.class, UUID.class, ObjectId.class, Boolean.class, Instant.class,
      BsonTimestamp.class, BsonRegularExpression.class);
  private static final int MIN_KEY_RANK = -2;
  private static final int NULL_RANK = -1;
  private static final int OTHER_RANK = RANKS.size();
  private static final int MAX_KEY_RANK = RANKS.size() + 1;

  private MongoValueOrder() {
  }

  public static int compareKeys(KeyValue a, KeyValue b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = compareValues(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  public static int comparePositions(Object a, Object b) {
    int c = compareValues(a, b);
    if (c != 0 || a == null || b == null || a.getClass() == b.getClass()) {
      return c;
    }
    return a.getClass().getName().compareTo(b.getClass().getName());
  }

  static int compareValues(Object a, Object b) {
    if (a == b) {
      return 0;
    }
    // The common keys first, with the results ValueComparator gives them (-0.0 equals 0.0).
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    if (a instanceof Double x && b instanceof Double y) {
      return compareDoubles(x, y);
    }
    if (a instanceof Number x && b instanceof Number y && !(x instanceof Decimal128) && !(y instanceof Decimal128)
        && (nonFinite(x) || nonFinite(y))) {
      return compareDoubles(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    if (ra == MIN_KEY_RANK || ra == NULL_RANK || ra == MAX_KEY_RANK) {
      return 0;
    }
    if (ra == OTHER_RANK) {
      return compareEncoded(a, b);
    }
    int c;
    try {
      c = VALUES.compare(a, b);
    } catch (UnsupportedOperationException e) {
      return compareEncoded(a, b);
    }
    return c != 0 ? c : tieBreak(a, b);
  }

  /**
   * Doubles as mongo-java-server's ValueComparator orders two of them (NaN above every other
   * number, -0.0 equal to 0.0), used also when a long meets NaN or an infinity, so the order
   * stays total (ValueComparator's own long-against-double path disagrees about NaN).
   */
  private static int compareDoubles(double p, double q) {
    if (Double.isNaN(p) || Double.isNaN(q)) {
      return Boolean.compare(Double.isNaN(p), Double.isNaN(q));
    }
    return p == q ? 0 : Double.compare(p, q);
  }

  private static boolean nonFinite(Number n) {
    return (n instanceof Double || n instanceof Float) && !Double.isFinite(n.doubleValue());
  }

  private static int tieBreak(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return (x instanceof Long || y instanceof Long) ? exact(x, y) : 0;
    }
    if ((a instanceof Map || a instanceof Collection) && !a.equals(b)) {
      return compareEncoded(a, b);
    }
    return 0;
  }

  private static int exact(Number x, Number y) {
    if (x instanceof Decimal128 || y instanceof Decimal128) {
      return 0;
    }
    return decimal(x).compareTo(decimal(y));
  }

  private static BigDecimal decimal(Number n) {
    return (n instanceof Long || n instanceof Integer) ? BigDecimal.valueOf(n.longValue()) : new BigDecimal(n.doubleValue());
  }

  private static int compareEncoded(Object a, Object b) {
    return Arrays.compareUnsigned(BsonValues.encoded(a), BsonValues.encoded(b));
  }

  private static int rank(Object value) {
    if (value == null || value instanceof Missing) {
      return NULL_RANK;
    }
    if (value instanceof MinKey) {
      return MIN_KEY_RANK;
    }
    if (value instanceof MaxKey) {
      return MAX_KEY_RANK;
    }
    Class<?> type = value.getClass();
    for (int i = 0; i < RANKS.size(); i++) {
      if (RANKS.get(i).isAssignableFrom(type)) {
        return i;
      }
    }
    return OTHER_RANK;
  }
}
