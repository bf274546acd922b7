package de.bwaldvogel.mongo.backend.h2;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import io.kdss.meta.embedded.MetaMaps;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 database with typed maps: index keys compared as values and stored
 * compactly, documents stored as BSON (see {@link MetaMaps}), instead of H2's default
 * ObjectDataType, which Java-serializes both keys on every B-tree comparison of a non-Comparable
 * KeyValue. The other H2Database operations (drop, rename) reopen maps by name and get these
 * already-open instances back.
 *
 * <p>It lives in mongo-java-server's package only because {@link H2UniqueIndex}'s constructor is
 * package-private; KDSS runs on the classpath (one shaded jar), never as named modules, so the
 * split package is harmless. Checked against mongo-java-server 1.47.0.
 */
public final class KdssH2Database extends H2Database {

  private final MVStore store;

  public KdssH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
    // Set before super(): H2Database's constructor already opens the collections (Java 25).
    this.store = store;
    super(databaseName, store, cursorRegistry);
  }

  @Override
  protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
      boolean sparse) {
    MVMap<KeyValue, Object> map = store.openMap(getFullCollectionNamespace(collectionName) + MetaMaps.INDEX_INFIX
        + indexName, MetaMaps.indexMap());
    return new H2UniqueIndex(map, indexName, keys, sparse);
  }

  @Override
  protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
    String fullName = getFullCollectionNamespace(collectionName);
    MVMap<Object, Document> data = store.openMap(MetaMaps.DATA_PREFIX + fullName, MetaMaps.dataMap());
    MVMap<String, Object> meta = store.openMap(MetaMaps.META_PREFIX + fullName);
    return new H2Collection(this, collectionName, options, data, meta, cursorRegistry);
  }
}
