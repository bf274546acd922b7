package io.kdss.master.namespace;

import io.kdss.client.master.NamespaceErrno;
import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.UpdateOptions;

/**
 * Single-document operations on {@code entries}. Every change of an entry is a
 * compare-and-set on {@code (_id, v)}: read, decide, write conditioned on the version read
 * (and the version bumped); the unique index on {@code (parentId, name)} decides races for a
 * name. (A unique index on {@code (_id, v)} makes these lookups indexed on the embedded
 * server, which uses an index only for an exact match of all its keys.)
 */
final class Entries {

  static final long ROOT = 1;
  /**
   * The system directory of multipart uploads: parent 0 (beside the root, not under it), so
   * neither S3 listings nor a FUSE mount see it. Ids below IdAllocator.FIRST_ID are reserved.
   */
  static final long MULTIPART_DIR = 2;
  static final String MULTIPART_DIR_NAME = ".multipart";

  private final MetaStore store;
  private final DirTouches touches = new DirTouches(this::touchNow);

  Entries(MetaStore store) {
    this.store = store;
  }

  MetaStore store() {
    return store;
  }

  Future<JsonObject> get(long id) {
    return store.client().findOne(MetaCollections.ENTRIES, new JsonObject().put("_id", id), null);
  }

  Future<JsonObject> require(long id) {
    return get(id).compose(d -> d == null
        ? Future.failedFuture(NamespaceErrors.error(NamespaceErrno.ENOENT, "no entry with id " + id))
        : Future.succeededFuture(d));
  }

  /** The entry named {@code name} in {@code parentId}, hidden ones included; null when absent. */
  Future<JsonObject> child(long parentId, String name) {
    return store.client().findOne(MetaCollections.ENTRIES, new JsonObject().put("parentId", parentId).put("name", name), null);
  }

  /** A directory, or ENOENT / ENOTDIR. */
  Future<JsonObject> directory(long id) {
    return require(id).compose(d -> EntryDoc.isDir(d) ? Future.succeededFuture(d)
        : Future.failedFuture(NamespaceErrors.error(NamespaceErrno.ENOTDIR, "entry " + id + " is not a directory")));
  }

  /** Inserts; fails with EEXIST when the name is taken. */
  Future<JsonObject> insert(JsonObject doc) {
    return store.client().insert(MetaCollections.ENTRIES, doc).map(x -> doc).recover(e -> MetaStore.isDuplicateKey(e)
        ? Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EEXIST,
            "'" + doc.getString("name") + "' already exists in directory " + doc.getLong("parentId")))
        : Future.failedFuture(e));
  }

  /**
   * Inserts {@code doc} as {@code name} in {@code parentId} unless that name is taken; returns
   * the entry holding the name either way (the caller compares its {@code _id} with the one it
   * proposed). A concurrent insert of the same name may make the upsert fail on the unique
   * index: that is a conflict (retry), as the name exists by then.
   */
  Future<JsonObject> insertUnlessNamed(long parentId, String name, JsonObject doc) {
    return store.client().findOneAndUpdateWithOptions(MetaCollections.ENTRIES,
            new JsonObject().put("parentId", parentId).put("name", name), new JsonObject().put("$setOnInsert", doc),
            new FindOptions(), new UpdateOptions().setUpsert(true).setReturningNewDocument(true))
        .recover(e -> MetaStore.isDuplicateKey(e) ? Retry.conflict() : Future.failedFuture(e));
  }

  /**
   * Applies {@code update} (operators; {@code v} is incremented) if the entry is still at version
   * {@code v}. Returns the new document, or null when it changed meanwhile. A name collision
   * fails with EEXIST.
   */
  Future<JsonObject> cas(long id, long v, JsonObject update) {
    JsonObject u = update.copy();
    JsonObject inc = u.getJsonObject("$inc", new JsonObject()).put("v", 1L);
    u.put("$inc", inc);
    return store.client().findOneAndUpdateWithOptions(MetaCollections.ENTRIES, new JsonObject().put("_id", id).put("v", v),
            u, new FindOptions(), new UpdateOptions().setReturningNewDocument(true))
        .recover(e -> MetaStore.isDuplicateKey(e)
            ? Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EEXIST, "the target name already exists"))
            : Future.failedFuture(e));
  }

  /** Deletes the entry if still at version {@code v}; false when it changed meanwhile. */
  Future<Boolean> casDelete(long id, long v) {
    return store.client().removeDocuments(MetaCollections.ENTRIES, new JsonObject().put("_id", id).put("v", v))
        .map(r -> r.getRemovedCount() == 1);
  }

  /**
   * Records a change in directory {@code id} (mtime, and a version bump that makes a
   * concurrent rmdir's compare-and-set fail). Null when the directory is gone. Concurrent callers
   * share touches (see {@link DirTouches}).
   */
  Future<JsonObject> touch(long id) {
    return touches.touch(id);
  }

  private Future<JsonObject> touchNow(long id) {
    long now = System.currentTimeMillis();
    return store.client().findOneAndUpdateWithOptions(MetaCollections.ENTRIES, new JsonObject().put("_id", id),
        new JsonObject().put("$max", new JsonObject().put("mtime", now).put("ctime", now))
            .put("$inc", new JsonObject().put("v", 1L)),
        new FindOptions(), new UpdateOptions().setReturningNewDocument(true));
  }

  /** True when the directory has any child (hidden uploads included). */
  Future<Boolean> hasChildren(long id) {
    return store.client().findWithOptions(MetaCollections.ENTRIES, new JsonObject().put("parentId", id),
        new FindOptions().setLimit(1).setFields(new JsonObject().put("_id", 1))).map(l -> !l.isEmpty());
  }

  /** Makes a system directory outside the tree (parent 0) with a reserved id, once. */
  Future<Void> ensureSystemDir(long id, String name) {
    long now = System.currentTimeMillis();
    JsonObject dir = new JsonObject().put("_id", id).put("parentId", 0L).put("name", name).put("type", EntryDoc.DIR)
        .put("mode", 0700).put("uid", 0).put("gid", 0).put("size", 0L).put("mtime", now).put("ctime", now)
        .put("atime", now).put("v", 1L);
    return store.client().insert(MetaCollections.ENTRIES, dir).<Void>mapEmpty()
        .recover(e -> MetaStore.isDuplicateKey(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  Future<Void> ensureRoot() {
    long now = System.currentTimeMillis();
    JsonObject root = new JsonObject().put("_id", ROOT).put("parentId", 0L).put("name", "").put("type", EntryDoc.DIR)
        .put("mode", 0755).put("uid", 0).put("gid", 0).put("size", 0L).put("mtime", now).put("ctime", now)
        .put("atime", now).put("v", 1L);
    return store.client().insert(MetaCollections.ENTRIES, root).<Void>mapEmpty()
        .recover(e -> MetaStore.isDuplicateKey(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }
}
