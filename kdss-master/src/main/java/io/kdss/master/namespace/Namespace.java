package io.kdss.master.namespace;

import io.kdss.client.master.NamespaceErrno;
import io.kdss.master.MasterOptions;
import io.kdss.master.gc.ContentReaper;
import io.kdss.master.gc.GarbageQueue;
import io.kdss.meta.IndexSpec;
import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.kdss.proto.SetAttrRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.BiConsumer;

/** The namespace of one master: its parts, wired, and the gRPC endpoint over them. */
public final class Namespace {

  /** Indexes the namespace adds to the core schema (see {@link Entries} for why (_id, v)). */
  static final List<IndexSpec> INDEXES = List.of(
      IndexSpec.unique(MetaCollections.ENTRIES, "id_version", new JsonObject().put("_id", 1).put("v", 1)),
      IndexSpec.unique(MetaCollections.STRIPES, "id_chunk_version", new JsonObject().put("_id", 1).put("cv", 1)));

  /**
   * An index earlier versions made for the released-stripe check, which now reads the
   * {@code released} markers (see ReleasedStripes): dropped, so MongoDB stops maintaining it on
   * every garbage insert.
   */
  static final String RETIRED_INDEX = "queued_stripes";

  private final Entries entries;
  private final IdAllocator ids;
  private final NamespaceTree tree;
  private final ContentWrites writes;
  private final Uploads uploads;
  private final KeyListing keys;
  private final NamespaceSweeper sweeper;
  private final DeadContents dead;
  private final MultipartUploads multipart;
  private final NamespaceEndpoint endpoint;

  public Namespace(Vertx vertx, MetaStore store, MasterOptions options, GarbageQueue garbage,
      BiConsumer<Integer, Integer> schemeCheck, BiConsumer<Long, Long> groupBytes, MeterRegistry metrics) {
    entries = new Entries(store);
    ids = new IdAllocator(store);
    ChunkStore chunks = new ChunkStore(store, garbage);
    tree = new NamespaceTree(entries, ids, garbage, schemeCheck, new DirMoveLock(vertx, store));
    writes = new ContentWrites(entries, chunks, garbage, ids, groupBytes);
    uploads = new Uploads(tree, ids, garbage, writes, options.ecK(), options.ecM());
    keys = new KeyListing(entries);
    dead = new DeadContents(entries, chunks, garbage);
    multipart = new MultipartUploads(store, tree, uploads, chunks, garbage);
    sweeper = new NamespaceSweeper(tree, uploads, multipart, options.uploadTimeoutMs());
    endpoint = new NamespaceEndpoint(this, metrics);
  }

  /** Indexes, the id counter and the root directory. */
  public Future<Void> init(MetaStore store) {
    Future<Void> retired = store.client().dropIndex(MetaCollections.GARBAGE, RETIRED_INDEX)
        .recover(e -> Future.succeededFuture());
    return retired.compose(v -> store.ensureIndexes(INDEXES)).compose(v -> ids.init()).compose(v -> entries.ensureRoot())
        .compose(v -> entries.ensureSystemDir(Entries.MULTIPART_DIR, Entries.MULTIPART_DIR_NAME));
  }

  /** The S3 multipart service over this namespace. */
  public MultipartEndpoint multipartEndpoint() {
    return new MultipartEndpoint(multipart, endpoint);
  }

  /** A top-level directory (a bucket), or null when there is none or it is not a directory. */
  public Future<JsonObject> topDirectory(String name) {
    return entries.child(Entries.ROOT, name).map(d -> d != null && EntryDoc.isDir(d) && !EntryDoc.hidden(d) ? d : null);
  }

  /** Makes a top-level directory (a new bucket); EEXIST when the name is taken. */
  public Future<JsonObject> makeTopDirectory(String name) {
    return tree.makeChild(Entries.ROOT, name, EntryDoc.DIR, 0, 0, 0, new JsonObject());
  }

  /** Removes an empty top-level directory: ENOENT, ENOTDIR or ENOTEMPTY otherwise. */
  public Future<JsonObject> removeTopDirectory(String name) {
    return tree.rmdir(Entries.ROOT, name);
  }

  /** Up to {@code limit} visible top-level entries after {@code after}, in name order (files included). */
  public Future<List<JsonObject>> topDirectories(String after, int limit) {
    return tree.readdir(Entries.ROOT, after, "", limit).map(docs -> docs.size() > limit ? docs.subList(0, limit) : docs);
  }

  /** The protobuf form of an entry document, for sibling services that answer with entries. */
  public static io.kdss.proto.Entry toProto(JsonObject entry) {
    return EntryDoc.toProto(entry);
  }

  public NamespaceEndpoint endpoint() {
    return endpoint;
  }

  public ContentReaper reaper() {
    return dead;
  }

  /** The leader's recovery pass (stale uploads, half-done renames). */
  public Future<Void> sweep() {
    return sweeper.run();
  }

  NamespaceTree tree() {
    return tree;
  }

  ContentWrites writes() {
    return writes;
  }

  Uploads uploads() {
    return uploads;
  }

  MultipartUploads multipart() {
    return multipart;
  }

  KeyListing keys() {
    return keys;
  }

  Future<JsonObject> setAttr(SetAttrRequest r) {
    if (r.hasSize() && r.getSize() == 0) {
      return tree.truncateToEmpty(r.getId()).compose(x -> setAttributes(r));
    }
    return setAttributes(r);
  }

  private Future<JsonObject> setAttributes(SetAttrRequest r) {
    return Retry.run("setattr", () -> entries.require(r.getId()).compose(e -> {
      if (r.hasIfVersion() && e.getLong("v") != r.getIfVersion()) {
        return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.ESTALE, "entry " + r.getId() + " is at version "
            + e.getLong("v") + ", not " + r.getIfVersion()));
      }
      JsonObject set = new JsonObject().put("ctime", System.currentTimeMillis());
      if (r.hasMode()) {
        set.put("mode", r.getMode() & 07777);
      }
      if (r.hasUid()) {
        set.put("uid", r.getUid());
      }
      if (r.hasGid()) {
        set.put("gid", r.getGid());
      }
      if (r.hasMtimeMs()) {
        set.put("mtime", r.getMtimeMs());
      }
      if (r.hasAtimeMs()) {
        set.put("atime", r.getAtimeMs());
      }
      if (r.hasContentType()) {
        set.put("contentType", r.getContentType());
      }
      if (r.hasEtag()) {
        set.put("etag", r.getEtag());
      }
      if (r.getUserMetaCount() > 0 || r.getReplaceUserMeta()) {
        JsonObject meta = r.getReplaceUserMeta() ? new JsonObject() : e.getJsonObject("userMeta", new JsonObject()).copy();
        meta.mergeIn(new JsonObject(new LinkedHashMap<>(r.getUserMetaMap())));
        set.put("userMeta", meta);
      }
      if (r.hasScheme() && r.getScheme().getK() > 0) {
        if (!EntryDoc.isDir(e)) {
          return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.ENOTDIR, "a scheme is set on directories"));
        }
        tree.schemeCheck(r.getScheme().getK(), r.getScheme().getM());
        set.put("scheme", EntryDoc.schemeJson(r.getScheme()));
      }
      long oldSize = e.getLong("size", 0L);
      boolean resize = r.hasSize() && r.getSize() != oldSize;
      if (resize && !EntryDoc.isFile(e)) {
        return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EISDIR, "only files have a size to set"));
      }
      if (resize && r.getSize() < 0) {
        return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EINVAL, "size must be >= 0"));
      }
      long cid = e.getLong("cid", 0L);
      long id = e.getLong("_id");
      boolean grows = resize && r.getSize() > oldSize;
      if (resize) {
        set.put("size", r.getSize()).put("mtime", r.hasMtimeMs() ? r.getMtimeMs() : System.currentTimeMillis());
      }
      // Growing exposes [oldSize, newSize): stale bytes there are cut first. Shrinking takes
      // its write sequence before it commits, hides the tail at once and cuts it after.
      if (!resize) {
        return cas(id, e.getLong("v"), set);
      }
      if (grows) {
        return writes.cutExposed(e, r.getSize()).compose(x -> cas(id, e.getLong("v"), set));
      }
      return writes.takeShrink(id, cid).compose(t -> cas(id, e.getLong("v"), set.mergeIn(ContentWrites.shrinkFields(cid, t)))
          .compose(n -> writes.cutTail(id, cid, r.getSize(), t).map(x -> n)));
    }));
  }

  private Future<JsonObject> cas(long id, long v, JsonObject set) {
    return entries.cas(id, v, new JsonObject().put("$set", set))
        .compose(n -> n == null ? Retry.conflict() : Future.succeededFuture(n));
  }
}
