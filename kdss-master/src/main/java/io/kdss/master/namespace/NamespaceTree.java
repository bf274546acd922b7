package io.kdss.master.namespace;

import io.kdss.client.master.NamespaceErrno;
import io.kdss.master.gc.GarbageQueue;
import io.kdss.meta.MetaCollections;
import io.kdss.proto.CreateRequest;
import io.kdss.proto.EcScheme;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The directory tree: lookups and the operations that add, remove or move names. Each is a
 * short sequence of single-document atomic steps whose intermediate states are safe:
 * <ul>
 *   <li>create/mkdir: insert (the unique (parentId, name) index lets exactly one concurrent
 *       creator win), then "touch" the parent (mtime and a version bump); a parent gone by
 *       then means a concurrent rmdir won, and the new child is removed again;</li>
 *   <li>rmdir: read the directory's version, check it has no child, delete it at that
 *       version; a create that slipped in bumped the version, so the delete fails and is
 *       retried (and then sees the child);</li>
 *   <li>unlink: queue the file's contents for collection (verified later against the entry),
 *       then delete the entry at the version read;</li>
 *   <li>rename: one compare-and-set of (parentId, name): a whole directory moves in O(1).</li>
 * </ul>
 */
final class NamespaceTree {

  static final int MAX_DEPTH = 4096;

  private final Entries entries;
  private final IdAllocator ids;
  private final GarbageQueue garbage;
  private final BiConsumer<Integer, Integer> schemeCheck;
  private final DirMoveLock moveLock;

  NamespaceTree(Entries entries, IdAllocator ids, GarbageQueue garbage, BiConsumer<Integer, Integer> schemeCheck,
      DirMoveLock moveLock) {
    this.entries = entries;
    this.ids = ids;
    this.garbage = garbage;
    this.schemeCheck = schemeCheck;
    this.moveLock = moveLock;
  }

  Entries entries() {
    return entries;
  }

  /** Throws ENOSPC (with the reason) for a scheme the cluster cannot place. */
  void schemeCheck(int k, int m) {
    schemeCheck.accept(k, m);
  }

  Future<JsonObject> lookup(long parentId, String name) {
    EntryDoc.checkName(name);
    return entries.child(parentId, name).compose(d -> d == null || EntryDoc.hidden(d)
        ? Future.failedFuture(NamespaceErrors.error(NamespaceErrno.ENOENT, "no '" + name + "' in directory " + parentId))
        : Future.succeededFuture(d));
  }

  /** Walks a slash-separated path (empty parts ignored) from {@code from}; symlinks are not followed. */
  Future<JsonObject> resolve(long from, String path) {
    List<String> parts = new ArrayList<>();
    for (String p : path.split("/")) {
      if (!p.isEmpty()) {
        parts.add(p);
      }
    }
    Future<JsonObject> at = entries.require(from == 0 ? Entries.ROOT : from);
    for (String part : parts) {
      at = at.compose(d -> EntryDoc.isDir(d) ? lookup(d.getLong("_id"), part)
          : Future.failedFuture(NamespaceErrors.error(NamespaceErrno.ENOTDIR, "'" + d.getString("name") + "' in path '"
              + path + "' is not a directory")));
    }
    return at;
  }

  Future<JsonObject> mkdir(CreateRequest r) {
    JsonObject extra = new JsonObject();
    if (r.hasScheme() && r.getScheme().getK() > 0) {
      schemeCheck(r.getScheme().getK(), r.getScheme().getM());
      extra.put("scheme", EntryDoc.schemeJson(r.getScheme()));
    }
    return makeChild(r.getParentId(), r.getName(), EntryDoc.DIR, r.getMode(), r.getUid(), r.getGid(), extra);
  }

  Future<JsonObject> symlink(CreateRequest r) {
    if (r.getSymlinkTarget().isEmpty()) {
      return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EINVAL, "a symlink needs a target"));
    }
    JsonObject extra = new JsonObject().put("target", r.getSymlinkTarget())
        .put("size", (long) r.getSymlinkTarget().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    return makeChild(r.getParentId(), r.getName(), EntryDoc.SYMLINK, r.getMode(), r.getUid(), r.getGid(), extra);
  }

  /** FUSE create: an empty file, visible at once. {@code overwrite} truncates an existing file (O_TRUNC). */
  Future<JsonObject> create(CreateRequest r) {
    JsonObject extra = new JsonObject();
    if (!r.getContentType().isEmpty()) {
      extra.put("contentType", r.getContentType());
    }
    if (r.getUserMetaCount() > 0) {
      extra.put("userMeta", new JsonObject(new java.util.LinkedHashMap<>(r.getUserMetaMap())));
    }
    return makeChild(r.getParentId(), r.getName(), EntryDoc.FILE, r.getMode(), r.getUid(), r.getGid(), extra)
        .recover(e -> {
          if (!r.getOverwrite() || NamespaceErrors.errnoOf(e) != NamespaceErrno.EEXIST) {
            return Future.failedFuture(e);
          }
          return lookup(r.getParentId(), r.getName()).compose(existing -> EntryDoc.isFile(existing)
              ? truncateToEmpty(existing.getLong("_id"))
              : Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EISDIR, "'" + r.getName() + "' is a directory")));
        });
  }

  /** Makes a file empty: its content is queued for collection, then dropped from the entry in one step. */
  Future<JsonObject> truncateToEmpty(long id) {
    return Retry.run("truncate", () -> entries.require(id).compose(d -> {
      long cid = d.getLong("cid", 0L);
      long v = d.getLong("v");
      if (cid == 0 && d.getLong("size", 0L) == 0) {
        return Future.succeededFuture(d);
      }
      Future<Void> intent = cid == 0 ? Future.succeededFuture() : garbage.contentDead(cid, id, v);
      long now = System.currentTimeMillis();
      return intent.compose(x -> entries.cas(id, v, new JsonObject().put("$set", new JsonObject()
              .put("cid", 0L).put("size", 0L).put("etag", "").put("mtime", now).put("ctime", now))))
          .compose(n -> n == null ? Retry.conflict() : Future.succeededFuture(n));
    }));
  }

  /** Inserts a child, then touches the parent; undoes the insert when a concurrent rmdir won. */
  Future<JsonObject> makeChild(long parentId, String name, String type, int mode, int uid, int gid, JsonObject extra) {
    EntryDoc.checkName(name);
    return entries.directory(parentId).compose(parent -> makeChildOf(parent, name, type, mode, uid, gid, extra));
  }

  /**
   * As {@link #makeChild} under a directory document the caller has just read (an S3 PUT reads
   * its bucket's directory anyway: one metadata read fewer). A directory removed meanwhile is
   * caught when the child's insert touches it.
   */
  Future<JsonObject> makeChildOf(JsonObject parent, String name, String type, int mode, int uid, int gid,
      JsonObject extra) {
    EntryDoc.checkName(name);
    long parentId = parent.getLong("_id");
    return ids.next().compose(id -> {
      JsonObject doc = childDoc(parent, id, name, type, mode, uid, gid, extra);
      return entries.insert(doc).compose(inserted -> touchAfterInsert(parentId, inserted).map(p -> inserted));
    });
  }

  /**
   * What {@link #makeOrGetChildOf} found: the entry, whether this call made it, and then the
   * parent as the touch after the insert left it.
   */
  record Child(JsonObject entry, boolean made, JsonObject parentAfter) {
  }

  /**
   * As {@link #makeChildOf}, but a taken name returns the entry holding it instead of failing:
   * one metadata command (an upsert on the unique (parentId, name) index) where a lookup then an
   * insert took two, so a PUT of a new key reads nothing before it writes.
   */
  Future<Child> makeOrGetChildOf(JsonObject parent, String name, String type, int mode, int uid, int gid,
      JsonObject extra) {
    EntryDoc.checkName(name);
    long parentId = parent.getLong("_id");
    return ids.next().compose(id -> {
      JsonObject doc = childDoc(parent, id, name, type, mode, uid, gid, extra);
      doc.remove("parentId");
      doc.remove("name");
      return entries.insertUnlessNamed(parentId, name, doc).compose(e -> id.equals(e.getLong("_id"))
          ? touchAfterInsert(parentId, e).map(p -> new Child(e, true, p))
          : Future.succeededFuture(new Child(e, false, null)));
    });
  }

  private static JsonObject childDoc(JsonObject parent, long id, String name, String type, int mode, int uid, int gid,
      JsonObject extra) {
    JsonObject doc = EntryDoc.create(id, parent.getLong("_id"), name, type, mode, uid, gid).mergeIn(extra);
    if (!doc.containsKey("scheme") && parent.getJsonObject("scheme") != null && !EntryDoc.SYMLINK.equals(type)) {
      doc.put("scheme", parent.getJsonObject("scheme").copy());
    }
    return doc;
  }

  /**
   * Touches the parent of a child just inserted and returns the parent as the touch left it;
   * the child is taken out again when the parent is gone.
   */
  private Future<JsonObject> touchAfterInsert(long parentId, JsonObject inserted) {
    return entries.touch(parentId).compose(p -> p != null
        ? Future.succeededFuture(p)
        : entries.store().client().removeDocuments(MetaCollections.ENTRIES, new JsonObject().put("_id", inserted.getLong("_id")))
            .compose(x -> Future.failedFuture(NamespaceErrors.error(NamespaceErrno.ENOENT,
                "directory " + parentId + " was removed"))));
  }

  Future<List<JsonObject>> readdir(long dirId, String after, String prefix, int limit) {
    int max = limit <= 0 ? 1000 : Math.min(limit, 10_000);
    return entries.directory(dirId).compose(d -> page(dirId, after, prefix, max + 1, new ArrayList<>()));
  }

  /** Up to {@code want} visible children after {@code after}, hidden uploads skipped. */
  private Future<List<JsonObject>> page(long dirId, String after, String prefix, int want, List<JsonObject> out) {
    JsonObject name = new JsonObject();
    if (after != null && !after.isEmpty() && after.compareTo(prefix) >= 0) {
      name.put("$gt", after);
    } else if (!prefix.isEmpty()) {
      name.put("$gte", prefix);
    }
    JsonObject q = new JsonObject().put("parentId", dirId);
    if (!name.isEmpty()) {
      q.put("name", name);
    }
    int batch = want - out.size();
    FindOptions o = new FindOptions().setSort(new JsonObject().put("name", 1)).setLimit(batch);
    return entries.store().client().findWithOptions(MetaCollections.ENTRIES, q, o).compose(docs -> {
      for (JsonObject d : docs) {
        if (!d.getString("name").startsWith(prefix)) {
          return Future.succeededFuture(out);
        }
        if (!EntryDoc.hidden(d)) {
          out.add(d);
        }
      }
      if (docs.size() < batch || out.size() >= want) {
        return Future.succeededFuture(out);
      }
      return page(dirId, docs.get(docs.size() - 1).getString("name"), prefix, want, out);
    });
  }

  Future<JsonObject> unlink(long parentId, String name, boolean prune) {
    return Retry.run("unlink", () -> lookup(parentId, name).compose(d -> {
      if (EntryDoc.isDir(d)) {
        return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EISDIR, "'" + name + "' is a directory: use rmdir"));
      }
      return removeFile(d);
    })).compose(d -> entries.touch(parentId).compose(x -> prune ? pruneImplicit(parentId) : Future.succeededFuture())
        .map(x -> d));
  }

  /** Queues every content of a file (current and uploads) for collection, then deletes the entry at its version. */
  Future<JsonObject> removeFile(JsonObject d) {
    long id = d.getLong("_id");
    long v = d.getLong("v");
    List<Future<Void>> intents = new ArrayList<>();
    if (d.getLong("cid", 0L) != 0) {
      intents.add(garbage.contentDead(d.getLong("cid"), id, v));
    }
    EntryDoc.pending(d).forEach(p -> intents.add(garbage.contentDead(((JsonObject) p).getLong("c"), id, v)));
    return Future.all(intents).compose(x -> entries.casDelete(id, v))
        .compose(ok -> ok ? Future.succeededFuture(d) : Retry.conflict());
  }

  Future<JsonObject> rmdir(long parentId, String name) {
    return Retry.run("rmdir", () -> lookup(parentId, name).compose(this::removeEmptyDir))
        .compose(d -> entries.touch(parentId).map(x -> d));
  }

  private Future<JsonObject> removeEmptyDir(JsonObject d) {
    if (!EntryDoc.isDir(d)) {
      return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.ENOTDIR, "'" + d.getString("name") + "' is not a directory"));
    }
    long id = d.getLong("_id");
    if (id == Entries.ROOT) {
      return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EINVAL, "the root cannot be removed"));
    }
    return entries.hasChildren(id).compose(busy -> busy
        ? Future.failedFuture(NamespaceErrors.error(NamespaceErrno.ENOTEMPTY, "directory '" + d.getString("name") + "' is not empty"))
        : entries.casDelete(id, d.getLong("v")).compose(ok -> ok ? Future.succeededFuture(d) : Retry.conflict()));
  }

  /**
   * Removes empty implicit directories from {@code dirId} upwards (S3 delete of the last key
   * below them, an aborted upload of the first). Never one that gains a child meanwhile: the
   * delete is a compare-and-set at the version read before the emptiness check, and a child's
   * insert touches its directory (bumping the version) after inserting, so either the delete
   * fails or the touch finds the directory gone and the insert takes itself out again (an
   * upload's BeginWrite then begins anew, making the directory again).
   */
  Future<Void> pruneImplicit(long dirId) {
    return entries.get(dirId).compose(d -> {
      if (d == null || !d.getBoolean("implicit", false) || d.getLong("_id") == Entries.ROOT) {
        return Future.succeededFuture();
      }
      long parent = d.getLong("parentId");
      return entries.hasChildren(dirId).compose(busy -> busy ? Future.<Void>succeededFuture()
          : entries.casDelete(dirId, d.getLong("v")).compose(ok -> ok
              ? entries.touch(parent).compose(x -> pruneImplicit(parent)) : Future.succeededFuture()));
    });
  }

  Future<JsonObject> rename(long parentId, String name, long newParentId, String newName, boolean noReplace) {
    EntryDoc.checkName(newName);
    return Retry.run("rename", () -> lookup(parentId, name).compose(src -> {
      if (parentId == newParentId && name.equals(newName)) {
        return Future.succeededFuture(src);
      }
      boolean movesDir = EntryDoc.isDir(src) && parentId != newParentId;
      Future<JsonObject> checked = entries.directory(newParentId);
      if (!movesDir) {
        return checked.compose(np -> moveOnto(src, newParentId, newName, noReplace));
      }
      return moveLock.with(() -> checked.compose(np -> checkNotInside(src.getLong("_id"), newParentId, 0))
          .compose(x -> moveOnto(src, newParentId, newName, noReplace)));
    })).compose(moved -> entries.touch(newParentId).compose(np -> {
      if (np != null) {
        return entries.touch(parentId).map(x -> moved);
      }
      return entries.cas(moved.getLong("_id"), moved.getLong("v"), new JsonObject().put("$set",
              new JsonObject().put("parentId", parentId).put("name", name)))
          .compose(x -> Future.failedFuture(NamespaceErrors.error(NamespaceErrno.ENOENT,
              "directory " + newParentId + " was removed")));
    }));
  }

  private Future<Void> checkNotInside(long movedId, long dirId, int depth) {
    if (dirId == movedId) {
      return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EINVAL, "cannot move a directory inside itself"));
    }
    if (dirId == Entries.ROOT || depth > MAX_DEPTH) {
      return Future.succeededFuture();
    }
    return entries.require(dirId).compose(d -> checkNotInside(movedId, d.getLong("parentId"), depth + 1));
  }

  /** Moves {@code src} to (newParentId, newName), first removing a target that may be replaced. */
  private Future<JsonObject> moveOnto(JsonObject src, long newParentId, String newName, boolean noReplace) {
    return entries.child(newParentId, newName).compose(target -> {
      long now = System.currentTimeMillis();
      JsonObject move = new JsonObject().put("$set", new JsonObject().put("parentId", newParentId).put("name", newName)
          .put("ctime", now)).put("$unset", new JsonObject().put("renaming", ""));
      if (target == null) {
        return entries.cas(src.getLong("_id"), src.getLong("v"), move)
            .recover(e -> NamespaceErrors.errnoOf(e) == NamespaceErrno.EEXIST ? Retry.conflict() : Future.failedFuture(e))
            .compose(d -> d == null ? Retry.conflict() : Future.succeededFuture(d));
      }
      if (target.getLong("_id").equals(src.getLong("_id"))) {
        return Future.succeededFuture(src);
      }
      if (noReplace) {
        return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EEXIST, "'" + newName + "' already exists"));
      }
      boolean srcDir = EntryDoc.isDir(src);
      if (srcDir != EntryDoc.isDir(target)) {
        return Future.failedFuture(srcDir
            ? NamespaceErrors.error(NamespaceErrno.ENOTDIR, "'" + newName + "' is not a directory")
            : NamespaceErrors.error(NamespaceErrno.EISDIR, "'" + newName + "' is a directory"));
      }
      JsonObject intent = new JsonObject().put("$set", new JsonObject().put("renaming",
          new JsonObject().put("p", newParentId).put("n", newName).put("at", now)));
      return entries.cas(src.getLong("_id"), src.getLong("v"), intent).compose(marked -> {
        if (marked == null) {
          return Retry.conflict();
        }
        Future<JsonObject> removed = srcDir ? removeEmptyDir(target) : removeFile(target);
        return removed.compose(x -> entries.cas(marked.getLong("_id"), marked.getLong("v"), move))
            .compose(d -> d == null ? Retry.conflict() : Future.succeededFuture(d));
      });
    });
  }

  /** Completes or abandons a rename-over left half done by a crashed master (the sweeper calls this). */
  Future<Void> finishRename(JsonObject src) {
    JsonObject r = src.getJsonObject("renaming");
    JsonObject move = new JsonObject().put("$set", new JsonObject().put("parentId", r.getLong("p"))
        .put("name", r.getString("n"))).put("$unset", new JsonObject().put("renaming", ""));
    return entries.cas(src.getLong("_id"), src.getLong("v"), move).<Void>mapEmpty().recover(e ->
        entries.cas(src.getLong("_id"), src.getLong("v"), new JsonObject().put("$unset",
            new JsonObject().put("renaming", ""))).mapEmpty());
  }

  static EcScheme effectiveScheme(JsonObject dir, int defaultK, int defaultM) {
    EcScheme s = EntryDoc.scheme(dir);
    return s.getK() > 0 ? s : EcScheme.newBuilder().setK(defaultK).setM(defaultM).build();
  }
}
