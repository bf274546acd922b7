package io.kdss.master.namespace;

import io.kdss.client.master.NamespaceErrno;
import io.kdss.master.gc.GarbageQueue;
import io.kdss.proto.BeginWriteRequest;
import io.kdss.proto.CommitWriteRequest;
import io.kdss.proto.EcScheme;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Atomic object writes (S3 PUT). BeginWrite adds a new content id to the file's
 * {@code pending} list (creating the file hidden when absent, and implicit parent
 * directories when asked); the writer appends stripes to that content; CommitWrite records
 * the last stripes when it carries them, then swaps the content in as the file's content in
 * one compare-and-set of the entry, after queueing the old content for collection (the queue
 * entry is verified against the entry, so a commit that never happens cannot lose data).
 * Readers see the old object until the swap and the new one after; the old stripes are
 * deleted only after the grace period.
 */
final class Uploads {

  /** Begins again after losing a race with the pruning of an empty implicit parent, at most. */
  static final int PARENT_RACE_RETRIES = 3;

  private final NamespaceTree tree;
  private final Entries entries;
  private final IdAllocator ids;
  private final GarbageQueue garbage;
  private final ContentWrites writes;
  private final int defaultK;
  private final int defaultM;
  /** Entries as uploads begun here left them: a commit arriving here starts from them. */
  private final BegunUploads begun = new BegunUploads(BegunUploads.DEFAULT_CAPACITY);
  /** Directories uploads begun here wrote into: a PUT of a new key under one reads nothing first. */
  private final DirectoryHints dirs = new DirectoryHints(DirectoryHints.DEFAULT_CAPACITY);

  Uploads(NamespaceTree tree, IdAllocator ids, GarbageQueue garbage, ContentWrites writes, int defaultK, int defaultM) {
    this.tree = tree;
    this.writes = writes;
    this.entries = tree.entries();
    this.ids = ids;
    this.garbage = garbage;
    this.defaultK = defaultK;
    this.defaultM = defaultM;
  }

  /** The file entry, the content id to write, and the scheme to write it with. */
  record Handle(JsonObject entry, long cid, EcScheme scheme) {
  }

  /**
   * Reserves the upload's content. With {@code make_parents}, a begin that loses a race with
   * the pruning of an empty implicit parent (the directory went between the walk and the insert
   * below it, which then took itself out) begins again: it makes the directory anew.
   */
  Future<Handle> begin(BeginWriteRequest r) {
    return begin(r, 0).compose(h -> r.hasIfMatchEtag() ? checkMatch(h, r.getIfMatchEtag()) : Future.succeededFuture(h));
  }

  private Future<Handle> begin(BeginWriteRequest r, int attempt) {
    return beginOnce(r).recover(e -> r.getMakeParents() && attempt < PARENT_RACE_RETRIES
        && NamespaceErrors.errnoOf(e) == NamespaceErrno.ENOENT ? begin(r, attempt + 1) : Future.failedFuture(e));
  }

  /** If-Match checked early: on a mismatch the upload just begun is aborted (nothing left behind). */
  private Future<Handle> checkMatch(Handle h, String etag) {
    Exception refused = matchFailure(h.entry(), etag);
    return refused == null ? Future.succeededFuture(h)
        : abort(h.entry().getLong("_id"), h.cid()).transform(x -> Future.failedFuture(refused));
  }

  /** Why an If-Match of {@code etag} does not hold for the file {@code e}, null when it does. */
  static Exception matchFailure(JsonObject e, String etag) {
    if (EntryDoc.hidden(e)) {
      return NamespaceErrors.error(NamespaceErrno.ENOENT, "'" + e.getString("name") + "' has no object to match");
    }
    String current = e.getString("etag", "");
    return etag.equals(current) ? null : NamespaceErrors.error(NamespaceErrno.EEXIST, "'" + e.getString("name")
        + "' has the ETag " + current + ", not " + etag);
  }

  private Future<Handle> beginOnce(BeginWriteRequest r) {
    List<String> parts = new ArrayList<>();
    for (String p : r.getPath().split("/", -1)) {
      EntryDoc.checkName(p);
      parts.add(p);
    }
    long start = r.getParentId() == 0 ? Entries.ROOT : r.getParentId();
    int n = parts.size();
    String dirName = n == 1 ? null : parts.get(n - 2);
    List<String> last = n == 1 ? List.of() : List.of(dirName);
    Future<JsonObject> above = n <= 2 ? Future.succeededFuture()
        : walk(entries.directory(start), parts.subList(0, n - 2), r.getMakeParents());
    return above.compose(a -> {
      long up = a == null ? start : a.getLong("_id");
      JsonObject hint = dirs.get(DirectoryHints.place(up, dirName));
      Future<Handle> fast = hint == null ? Future.succeededFuture() : beginUnder(hint, up, dirName, parts.get(n - 1), r);
      return fast.compose(h -> h != null ? Future.succeededFuture(h)
          : beginFromStore(walk(a != null ? Future.succeededFuture(a) : entries.directory(start), last, r.getMakeParents()),
              up, dirName, parts.get(n - 1), r));
    });
  }

  /** Resolves directories from {@code from} down {@code names}, reading each (and making it when asked). */
  private Future<JsonObject> walk(Future<JsonObject> from, List<String> names, boolean make) {
    Future<JsonObject> dir = from;
    for (String name : names) {
      dir = dir.compose(d -> descend(d, name, make));
    }
    return dir;
  }

  private Future<Handle> beginFromStore(Future<JsonObject> dir, long up, String dirName, String leaf, BeginWriteRequest r) {
    return dir.compose(d -> {
      dirs.put(DirectoryHints.place(up, dirName), d);
      return ids.next().compose(cid -> Retry.run("begin write", () -> attach(d, leaf, cid, r))
          .onSuccess(e -> begun.put(cid, e))
          .map(e -> new Handle(e, cid, NamespaceTree.effectiveScheme(d, defaultK, defaultM))));
    });
  }

  /**
   * Begins under a directory known from an earlier upload, reading nothing first. A new key:
   * the touch after its insert shows whether the directory is still there; an existing one: a
   * lookup of the directory checks it before the upload joins the entry. Null (the hint is
   * forgotten, anything done undone) when the directory moved, changed or lost a race: the
   * caller begins again from the store.
   */
  private Future<Handle> beginUnder(JsonObject hint, long up, String dirName, String leaf, BeginWriteRequest r) {
    String place = DirectoryHints.place(up, dirName);
    return ids.next().compose(cid -> {
      JsonObject pend = new JsonObject().put("c", cid).put("at", System.currentTimeMillis());
      JsonObject extra = new JsonObject().put("hidden", true).put("pending", new JsonArray().add(pend));
      return tree.makeOrGetChildOf(hint, leaf, EntryDoc.FILE, r.getMode(), r.getUid(), r.getGid(), extra).compose(child -> {
        if (child.made()) {
          if (DirectoryHints.stillAt(hint, child.parentAfter(), up, dirName)) {
            dirs.put(place, child.parentAfter());
            begun.put(cid, child.entry());
            return Future.succeededFuture(new Handle(child.entry(), cid,
                NamespaceTree.effectiveScheme(child.parentAfter(), defaultK, defaultM)));
          }
          dirs.forget(place);
          return abort(child.entry().getLong("_id"), cid).map(x -> (Handle) null);
        }
        Future<JsonObject> now = dirName == null ? entries.get(up) : entries.child(up, dirName);
        return now.compose(d -> {
          if (!DirectoryHints.stillAt(hint, d, up, dirName)) {
            dirs.forget(place);
            return Future.succeededFuture((Handle) null);
          }
          dirs.put(place, d);
          return addPending(child.entry(), leaf, pend, r).onSuccess(e -> begun.put(cid, e))
              .map(e -> new Handle(e, cid, NamespaceTree.effectiveScheme(d, defaultK, defaultM)));
        });
      });
    }).recover(e -> {
      if (e instanceof Retry.Conflict || NamespaceErrors.errnoOf(e) == NamespaceErrno.ENOENT) {
        dirs.forget(place);
        return Future.succeededFuture(null);
      }
      return Future.failedFuture(e);
    });
  }

  private Future<JsonObject> descend(JsonObject dir, String name, boolean make) {
    long dirId = dir.getLong("_id");
    return entries.child(dirId, name).compose(c -> {
      if (c != null && EntryDoc.isDir(c)) {
        return Future.succeededFuture(c);
      }
      if (c != null) {
        return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.ENOTDIR, "'" + name + "' is a file, so no key can"
            + " continue it with '/'"));
      }
      if (!make) {
        return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.ENOENT, "no directory '" + name + "'"));
      }
      return tree.makeChildOf(dir, name, EntryDoc.DIR, 0, dir.getInteger("uid", 0), dir.getInteger("gid", 0),
              new JsonObject().put("implicit", true))
          .recover(e -> NamespaceErrors.errnoOf(e) == NamespaceErrno.EEXIST ? descend(dir, name, false)
              : Future.failedFuture(e));
    });
  }

  private Future<JsonObject> attach(JsonObject dir, String name, long cid, BeginWriteRequest r) {
    JsonObject pend = new JsonObject().put("c", cid).put("at", System.currentTimeMillis());
    JsonObject extra = new JsonObject().put("hidden", true).put("pending", new JsonArray().add(pend));
    return tree.makeOrGetChildOf(dir, name, EntryDoc.FILE, r.getMode(), r.getUid(), r.getGid(), extra)
        .compose(child -> child.made() ? Future.succeededFuture(child.entry()) : addPending(child.entry(), name, pend, r));
  }

  /** A new upload of a name that exists: the upload joins the entry's pending ones. */
  private Future<JsonObject> addPending(JsonObject e, String name, JsonObject pend, BeginWriteRequest r) {
    if (EntryDoc.isDir(e)) {
      return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EISDIR, "'" + name
          + "' is a directory (other keys start with '" + name + "/')"));
    }
    if (!EntryDoc.isFile(e) || (r.getIfAbsent() && !EntryDoc.hidden(e))) {
      return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EEXIST, "'" + name + "' already exists"));
    }
    JsonArray pending = EntryDoc.pending(e).copy().add(pend);
    return entries.cas(e.getLong("_id"), e.getLong("v"), new JsonObject().put("$set", new JsonObject().put("pending", pending)))
        .compose(n -> n == null ? Retry.conflict() : Future.succeededFuture(n));
  }

  /**
   * Records the stripes the commit carries (the upload's last ones) in the upload's content,
   * then swaps it in. A commit refused before the swap leaves the upload pending.
   */
  Future<JsonObject> commit(CommitWriteRequest r) {
    JsonObject known = begun.take(r.getContentId(), r.getId());
    if (r.getStripesCount() == 0) {
      return swap(r, known);
    }
    // Recorded from the begin-time entry, the stripes may land in a content whose entry is gone
    // (aborted, the hidden entry dropped, the abort's claim collected): queued again, or they leak.
    return writes.appendBeforeCommit(r.getId(), r.getContentId(), r.getStripesList(), known).compose(e -> swap(r, e))
        .recover(err -> NamespaceErrors.errnoOf(err) == NamespaceErrno.ENOENT
            ? garbage.contentDead(r.getContentId(), r.getId(), 0).compose(x -> Future.<JsonObject>failedFuture(err))
            : Future.failedFuture(err));
  }

  /**
   * Makes the upload's content the file's content, in one compare-and-set of the entry. The
   * first attempt starts from {@code known} when given (the entry as the stripes' recording
   * just read it); a stale one only costs a retry, as the compare-and-set checks the version.
   */
  private Future<JsonObject> swap(CommitWriteRequest r, JsonObject known) {
    long id = r.getId();
    long cid = r.getContentId();
    JsonObject[] first = {known};
    return Retry.run("commit", () -> fresh(id, first).compose(e -> {
      if (!EntryDoc.hasPending(e, cid)) {
        // Queued again: stripes this commit recorded after an abort queued the content still get collected.
        return e.getLong("cid", 0L) == cid ? Future.succeededFuture(e)
            : garbage.contentDead(cid, id, e.getLong("v")).compose(x -> Future.failedFuture(NamespaceErrors.error(
                NamespaceErrno.ESTALE, "upload " + cid + " of entry " + id + " was aborted or replaced")));
      }
      if (r.getIfAbsent() && !EntryDoc.hidden(e)) {
        return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EEXIST, "'" + e.getString("name") + "' already exists"));
      }
      Exception mismatch = r.hasIfMatchEtag() ? matchFailure(e, r.getIfMatchEtag()) : null;
      if (mismatch != null) {
        return Future.failedFuture(mismatch);
      }
      long v = e.getLong("v");
      long old = e.getLong("cid", 0L);
      long now = System.currentTimeMillis();
      JsonObject set = new JsonObject().put("cid", cid).put("size", r.getSize()).put("etag", r.getEtag())
          .put("contentType", r.getContentType()).put("userMeta", new JsonObject(new LinkedHashMap<>(r.getUserMetaMap())))
          .put("pending", EntryDoc.pendingWithout(e, cid)).put("mtime", r.hasMtimeMs() ? r.getMtimeMs() : now)
          .put("ctime", now);
      if (r.hasMode()) {
        set.put("mode", r.getMode() & 07777);
      }
      Future<Void> intent = old == 0 ? Future.succeededFuture() : garbage.contentDead(old, id, v);
      return intent.compose(x -> entries.cas(id, v, new JsonObject().put("$set", set)
              .put("$unset", new JsonObject().put("hidden", ""))))
          .compose(n -> n == null ? Retry.conflict() : Future.succeededFuture(n));
    }));
  }

  /** The entry given for a first attempt, once; read from the store after that. */
  private Future<JsonObject> fresh(long id, JsonObject[] given) {
    JsonObject e = given[0];
    given[0] = null;
    return e != null ? Future.succeededFuture(e) : entries.require(id);
  }

  Future<JsonObject> abort(long id, long cid) {
    return Retry.run("abort", () -> entries.get(id).compose(e -> {
      if (e == null || !EntryDoc.hasPending(e, cid)) {
        return e != null && e.getLong("cid", 0L) == cid
            ? Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EINVAL, "upload " + cid + " was already committed"))
            : Future.succeededFuture(e == null ? new JsonObject().put("_id", id).put("type", EntryDoc.FILE) : e);
      }
      long v = e.getLong("v");
      JsonArray rest = EntryDoc.pendingWithout(e, cid);
      boolean drop = EntryDoc.hidden(e) && rest.isEmpty() && e.getLong("cid", 0L) == 0;
      return garbage.contentDead(cid, id, v).compose(x -> drop
          ? entries.casDelete(id, v).compose(ok -> ok ? dropped(e) : Retry.conflict())
          : entries.cas(id, v, new JsonObject().put("$set", new JsonObject().put("pending", rest)))
              .compose(n -> n == null ? Retry.conflict() : Future.succeededFuture(n)));
    }));
  }

  /**
   * After an abort dropped the hidden entry of a key that never had an object: the implicit
   * directories its BeginWrite made (and nothing else holds) are removed again, so a failed
   * upload leaves no trace (see {@link NamespaceTree#pruneImplicit}).
   */
  private Future<JsonObject> dropped(JsonObject e) {
    long parent = e.getLong("parentId");
    return entries.touch(parent).compose(p -> tree.pruneImplicit(parent)).map(x -> e);
  }
}
