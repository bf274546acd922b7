package io.kdss.meta;

import static io.kdss.meta.MetaCollections.COUNTERS;
import static io.kdss.meta.MetaCollections.SCHEMA;

import io.kdss.config.MongoOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one access layer to the metadata in MongoDB, over vertx-mongo-client. Dev and tests
 * reach the embedded server through it exactly as production reaches a replica set.
 * Every multi-field change KDSS makes is a single-document atomic operation (conditional
 * update, unique index, counter): no multi-document transactions are needed.
 */
public final class MetaStore {

  private static final Logger LOG = LoggerFactory.getLogger(MetaStore.class);
  private static final int DUPLICATE_KEY = 11000;

  private final MongoClient client;
  private final String database;

  private MetaStore(MongoClient client, String database) {
    this.client = client;
    this.database = database;
  }

  /** Connects to {@code connectionString} (the embedded server's or the configured URI). */
  public static MetaStore connect(Vertx vertx, MongoOptions options, String connectionString) {
    String uri = connectionString;
    if (!options.embedded() && !uri.contains("w=")) {
      uri += (uri.contains("?") ? "&" : (uri.endsWith("/") ? "?" : "/?")) + "w=" + options.writeConcern();
    }
    JsonObject config = new JsonObject()
        .put("connection_string", uri)
        .put("db_name", options.database())
        .put("useObjectId", false);
    return new MetaStore(MongoClient.createShared(vertx, config, "kdss-meta-" + options.database() + "-" + uri),
        options.database());
  }

  public MongoClient client() {
    return client;
  }

  public String database() {
    return database;
  }

  /**
   * Creates the core indexes and records the schema version; fails when the stored schema
   * is newer than this binary understands. Returns the cluster's id, made on first start.
   */
  public Future<String> ensureSchema() {
    return client.findOne(SCHEMA, new JsonObject().put("_id", "kdss"), null)
        .compose(doc -> {
          int stored = doc == null ? 0 : doc.getInteger("version", 0);
          if (stored > MetaSchema.VERSION) {
            return Future.failedFuture(new IllegalStateException("metadata schema v" + stored
                + " is newer than this binary (v" + MetaSchema.VERSION + "): upgrade KDSS"));
          }
          return ensureIndexes(MetaSchema.CORE_INDEXES)
              .compose(v -> client.findOneAndUpdateWithOptions(SCHEMA, new JsonObject().put("_id", "kdss"),
                  new JsonObject().put("$set", new JsonObject().put("version", MetaSchema.VERSION))
                      .put("$setOnInsert", new JsonObject().put("createdMs", System.currentTimeMillis())
                          .put("clusterId", java.util.UUID.randomUUID().toString())),
                  new FindOptions(), new UpdateOptions().setUpsert(true).setReturningNewDocument(true)))
              .onSuccess(d -> LOG.atDebug().addKeyValue("version", MetaSchema.VERSION).log("metadata schema ready"))
              .map(d -> d.getString("clusterId"));
        });
  }

  public Future<Void> ensureIndexes(List<IndexSpec> indexes) {
    Future<Void> chain = Future.succeededFuture();
    for (IndexSpec spec : indexes) {
      chain = chain.compose(v -> client.createIndexWithOptions(spec.collection(), spec.keys(),
          new IndexOptions().name(spec.name()).unique(spec.unique())));
    }
    return chain;
  }

  /** Atomically hands out the next id of counter {@code name} (first id is 1). */
  public Future<Long> nextId(String name) {
    return reserveIds(name, 1);
  }

  /** Atomically reserves {@code count} consecutive ids; returns the first. */
  public Future<Long> reserveIds(String name, int count) {
    if (count < 1) {
      return Future.failedFuture(new IllegalArgumentException("count must be >= 1, was " + count));
    }
    return client.findOneAndUpdateWithOptions(COUNTERS, new JsonObject().put("_id", name),
            new JsonObject().put("$inc", new JsonObject().put("value", (long) count)),
            new FindOptions(), new UpdateOptions().setUpsert(true).setReturningNewDocument(true))
        .map(doc -> doc.getLong("value") - count + 1);
  }

  /**
   * One page of {@code collection} in ascending {@code field} order, strictly after
   * {@code after} (null for the first page), at most {@code limit} documents.
   */
  public Future<Page> page(String collection, JsonObject query, String field, Object after, int limit) {
    JsonObject q = query.copy();
    if (after != null) {
      q.put(field, new JsonObject().put("$gt", after));
    }
    FindOptions options = new FindOptions().setSort(new JsonObject().put(field, 1)).setLimit(limit + 1);
    return client.findWithOptions(collection, q, options).map(docs -> {
      boolean truncated = docs.size() > limit;
      List<JsonObject> items = truncated ? new ArrayList<>(docs.subList(0, limit)) : docs;
      Object next = truncated ? items.get(items.size() - 1).getValue(field) : null;
      return new Page(items, next);
    });
  }

  /** True when {@code failure} (or a cause) is MongoDB's E11000 duplicate key error. */
  public static boolean isDuplicateKey(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof com.mongodb.MongoException me && me.getCode() == DUPLICATE_KEY) {
        return true;
      }
      if (t.getMessage() != null && t.getMessage().contains("E11000")) {
        return true;
      }
    }
    return false;
  }

  public Future<Void> close() {
    return client.close();
  }

  /** A page of documents and the key to continue after, null when this was the last page. */
  public record Page(List<JsonObject> items, Object next) {
    public boolean truncated() {
      return next != null;
    }
  }
}
