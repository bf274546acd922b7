package io.kdss.master.namespace;

import io.kdss.client.master.NamespaceErrno;
import io.kdss.master.gc.GarbageQueue;
import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.kdss.proto.CreateUploadRequest;
import io.kdss.proto.ListUploadsRequest;
import io.kdss.proto.UploadRef;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.StatusException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3 multipart uploads. An upload is a document in {@code multipart_uploads}:
 * <pre>
 * {_id: uploadId, bucket, key, owner, initiatedMs, contentType, userMeta, dirId,
 *  state: ACTIVE | COMPLETING | ABORTING, updatedMs, plan (while COMPLETING, see {@link MultipartCompletion})}
 * </pre>
 * and a directory {@code dirId} named by the upload id under the system directory
 * {@link Entries#MULTIPART_DIR} (outside the visible tree). Parts are files of that directory
 * named by their number ({@link #partName}), written by the gateways with the namespace's
 * atomic writes: a re-uploaded part replaces the old one, whose content is collected.
 * Upload ids start with the creation time in hex, so id order is creation order.
 * A completion or abort left half done by a crashed master is finished by the leader's sweep.
 */
final class MultipartUploads {

  private static final Logger LOG = LoggerFactory.getLogger(MultipartUploads.class);
  static final String ACTIVE = "ACTIVE";
  static final String COMPLETING = "COMPLETING";
  static final String ABORTING = "ABORTING";
  /** A completion or abort not finished after this long is taken over by the leader's sweep. */
  static final long RECOVER_AFTER_MS = 60_000;
  static final int MAX_LIST = 1000;
  static final int CLEANUP_ROUNDS = 8;

  private final MongoClient mongo;
  private final NamespaceTree tree;
  private final Entries entries;
  private final MultipartCompletion completion;
  private final SecureRandom random = new SecureRandom();

  MultipartUploads(MetaStore store, NamespaceTree tree, Uploads uploads, ChunkStore chunks, GarbageQueue garbage) {
    this.mongo = store.client();
    this.tree = tree;
    this.entries = tree.entries();
    this.completion = new MultipartCompletion(this, tree, uploads, chunks, garbage);
  }

  /** A part's file name: its number on five digits, so name order is number order. */
  static String partName(int partNumber) {
    return String.format("%05d", partNumber);
  }

  /** An error whose message starts with an S3 error code, as multipart.proto documents. */
  static StatusException s3Error(GrpcStatus status, String code, String detail) {
    return new StatusException(status, code + ": " + detail);
  }

  static StatusException noSuchUpload(String uploadId) {
    return s3Error(GrpcStatus.NOT_FOUND, "NoSuchUpload", "the upload " + uploadId
        + " does not exist: it was completed, aborted, or belongs to another key");
  }

  MongoClient mongo() {
    return mongo;
  }

  /** The directory of a bucket, or NoSuchBucket. */
  Future<JsonObject> bucketDir(String bucket) {
    return entries.child(Entries.ROOT, bucket).compose(d -> d != null && EntryDoc.isDir(d) && !EntryDoc.hidden(d)
        ? Future.succeededFuture(d)
        : Future.failedFuture(s3Error(GrpcStatus.NOT_FOUND, "NoSuchBucket", "no bucket " + bucket)));
  }

  Future<JsonObject> create(CreateUploadRequest r) {
    for (String part : r.getKey().split("/", -1)) {
      EntryDoc.checkName(part);
    }
    String id = HexFormat.of().toHexDigits(System.currentTimeMillis()).substring(4) + randomHex(12);
    return bucketDir(r.getBucket())
        .compose(b -> tree.makeChild(Entries.MULTIPART_DIR, id, EntryDoc.DIR, 0700, 0, 0, new JsonObject()))
        .compose(dir -> {
          long now = System.currentTimeMillis();
          JsonObject doc = new JsonObject().put("_id", id).put("bucket", r.getBucket()).put("key", r.getKey())
              .put("owner", r.getOwner()).put("initiatedMs", now).put("updatedMs", now)
              .put("contentType", r.getContentType())
              .put("userMeta", new JsonObject(new LinkedHashMap<>(r.getUserMetaMap())))
              .put("dirId", dir.getLong("_id")).put("state", ACTIVE);
          return mongo.insert(MetaCollections.MULTIPART_UPLOADS, doc).map(x -> doc);
        });
  }

  /** The upload document if it is in one of {@code states} and belongs to bucket/key; NoSuchUpload otherwise. */
  Future<JsonObject> find(UploadRef r, String... states) {
    return mongo.findOne(MetaCollections.MULTIPART_UPLOADS, new JsonObject().put("_id", r.getUploadId()), null)
        .compose(d -> {
          if (d == null || !d.getString("bucket").equals(r.getBucket()) || !d.getString("key").equals(r.getKey())
              || !List.of(states).contains(d.getString("state"))) {
            return Future.failedFuture(noSuchUpload(r.getUploadId()));
          }
          return Future.succeededFuture(d);
        });
  }

  Future<JsonObject> get(UploadRef r) {
    return find(r, ACTIVE);
  }

  /** Up to {@code limit + 1} active uploads of a bucket after the markers, in (key, id) order. */
  Future<List<JsonObject>> list(ListUploadsRequest r, int limit) {
    JsonObject q = new JsonObject().put("bucket", r.getBucket()).put("state", ACTIVE);
    JsonArray or = new JsonArray().add(new JsonObject().put("key", new JsonObject().put("$gt", r.getKeyMarker())));
    if (!r.getUploadIdMarker().isEmpty()) {
      or.add(new JsonObject().put("key", r.getKeyMarker()).put("_id", new JsonObject().put("$gt", r.getUploadIdMarker())));
    }
    q.put("$or", or);
    if (!r.getPrefix().isEmpty()) {
      q.put("$and", new JsonArray().add(new JsonObject().put("key", new JsonObject().put("$gte", r.getPrefix()))));
    }
    FindOptions o = new FindOptions().setSort(new JsonObject().put("key", 1).put("_id", 1)).setLimit(limit + 1);
    return mongo.findWithOptions(MetaCollections.MULTIPART_UPLOADS, q, o).map(docs -> {
      List<JsonObject> out = new ArrayList<>();
      for (JsonObject d : docs) {
        if (!d.getString("key").startsWith(r.getPrefix())) {
          break;
        }
        out.add(d);
      }
      return out;
    });
  }

  MultipartCompletion completion() {
    return completion;
  }

  Future<JsonObject> abort(UploadRef r) {
    return find(r, ACTIVE, ABORTING).compose(d -> setState(d, ACTIVE, ABORTING).compose(marked -> marked == null
        ? find(r, ABORTING) : Future.succeededFuture(marked))).compose(this::finishAbort);
  }

  private Future<JsonObject> finishAbort(JsonObject d) {
    return removeUploadDir(d.getLong("dirId"), d.getString("_id"), 0)
        .compose(v -> mongo.removeDocument(MetaCollections.MULTIPART_UPLOADS, new JsonObject().put("_id", d.getString("_id"))))
        .map(x -> d);
  }

  /** CAS of the state; the new document, or null when the upload was not in {@code from}. */
  Future<JsonObject> setState(JsonObject d, String from, String to) {
    if (to.equals(d.getString("state"))) {
      return Future.succeededFuture(d);
    }
    return mongo.findOneAndUpdateWithOptions(MetaCollections.MULTIPART_UPLOADS,
        new JsonObject().put("_id", d.getString("_id")).put("state", from),
        new JsonObject().put("$set", new JsonObject().put("state", to).put("updatedMs", System.currentTimeMillis())),
        new FindOptions(), new io.vertx.ext.mongo.UpdateOptions().setReturningNewDocument(true));
  }

  /**
   * Deletes every part file (their contents, current and being written, go to garbage
   * collection) and the upload's directory; repeats while a part upload slips in meanwhile.
   */
  Future<Void> removeUploadDir(long dirId, String name, int round) {
    if (round >= CLEANUP_ROUNDS) {
      return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EAGAIN, "parts keep arriving in upload " + name));
    }
    return mongo.find(MetaCollections.ENTRIES, new JsonObject().put("parentId", dirId)).compose(children -> {
      Future<Void> chain = Future.succeededFuture();
      for (JsonObject c : children) {
        chain = chain.compose(v -> Retry.run("remove part", () -> entries.get(c.getLong("_id"))
            .compose(fresh -> fresh == null ? Future.succeededFuture() : tree.removeFile(fresh))).mapEmpty());
      }
      return chain;
    }).compose(v -> tree.rmdir(Entries.MULTIPART_DIR, name).<Void>mapEmpty().recover(e -> {
      NamespaceErrno errno = NamespaceErrors.errnoOf(e);
      if (errno == NamespaceErrno.ENOENT) {
        return Future.succeededFuture();
      }
      return errno == NamespaceErrno.ENOTEMPTY ? removeUploadDir(dirId, name, round + 1) : Future.failedFuture(e);
    }));
  }

  /** The leader's pass: completions and aborts left unfinished (a master crashed) are finished. */
  Future<Void> recover() {
    long before = System.currentTimeMillis() - RECOVER_AFTER_MS;
    JsonObject q = new JsonObject().put("state", new JsonObject().put("$in", new JsonArray().add(COMPLETING).add(ABORTING)))
        .put("updatedMs", new JsonObject().put("$lt", before));
    return mongo.findWithOptions(MetaCollections.MULTIPART_UPLOADS, q, new FindOptions().setLimit(100)).compose(docs -> {
      Future<Void> chain = Future.succeededFuture();
      for (JsonObject d : docs) {
        chain = chain.compose(v -> (COMPLETING.equals(d.getString("state")) ? completion.execute(d) : finishAbort(d))
            .<Void>mapEmpty()
            .recover(e -> {
              LOG.atWarn().addKeyValue("upload", d.getString("_id")).addKeyValue("state", d.getString("state"))
                  .setCause(e).log("unfinished multipart upload not recovered yet");
              return Future.succeededFuture();
            }));
      }
      return chain;
    });
  }

  private String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
