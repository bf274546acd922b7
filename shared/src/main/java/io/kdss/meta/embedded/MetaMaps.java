package io.kdss.meta.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/**
 * The maps mongo-java-server's H2 backend keeps in the MVStore, by name, and the types KDSS opens
 * them with. Collection metadata maps ({@code meta.<db>.<coll>}: a data size counter) and any
 * other map keep H2's default ObjectDataType, which handles strings and numbers natively.
 */
public final class MetaMaps {

  /** {@code databases.<db>.<coll>}: position (the {@code _id}) -> document. */
  public static final String DATA_PREFIX = "databases.";
  /** {@code meta.<db>.<coll>}: String -> Long counters. */
  public static final String META_PREFIX = "meta.";
  /** {@code <db>.<coll>._index_<name>}: index key -> position. */
  public static final String INDEX_INFIX = "._index_";

  private MetaMaps() {
  }

  public static MVMap.Builder<KeyValue, Object> indexMap() {
    return new MVMap.Builder<KeyValue, Object>().keyType(IndexKeyType.INSTANCE).valueType(PositionType.INSTANCE);
  }

  public static MVMap.Builder<Object, Document> dataMap() {
    return new MVMap.Builder<Object, Document>().keyType(PositionType.INSTANCE).valueType(DocumentType.INSTANCE);
  }

  enum Kind { DATA, INDEX, OTHER }

  /**
   * What a map found in a file holds, from its name (database names cannot contain '.'). The
   * names are mongo-java-server's and are ambiguous only for databases named {@code databases}
   * or {@code meta} (KDSS uses one database, {@code mongo.database}, by default {@code kdss}).
   */
  static Kind kind(String name) {
    if (name.startsWith(DATA_PREFIX)) {
      return Kind.DATA;
    }
    if (!name.startsWith(META_PREFIX) && name.contains(INDEX_INFIX)) {
      return Kind.INDEX;
    }
    return Kind.OTHER;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static MVMap.Builder<Object, Object> typesFor(String name) {
    return switch (kind(name)) {
      case DATA -> (MVMap.Builder) dataMap();
      case INDEX -> (MVMap.Builder) indexMap();
      case OTHER -> new MVMap.Builder<>();
    };
  }
}
