package io.kdss.master.namespace;

import io.kdss.client.master.NamespaceErrno;
import io.kdss.master.gc.GarbageQueue;
import io.kdss.meta.MetaCollections;
import io.kdss.proto.BeginWriteRequest;
import io.kdss.proto.CommitWriteRequest;
import io.kdss.proto.CompleteUploadRequest;
import io.kdss.proto.PartRef;
import io.kdss.proto.UploadRef;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.UpdateOptions;
import io.vertx.grpc.common.GrpcStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CompleteMultipartUpload as one master operation, a durable state machine on the upload
 * document ({@code state: COMPLETING}, {@code plan: {parts: [{n, id, cid, size, etag}], size,
 * etag, ifAbsent, ifMatch, target: {id, cid}, step}}), each step idempotent so that a retry or
 * the leader's sweep finishes what a crashed master started:
 * <ol start="0">
 *   <li>planned: the listed parts checked (ascending, ETags, 5 MiB but the last, 10,000 at most);</li>
 *   <li>target: a new content reserved on the object's key (BeginWrite, parents made); the
 *       request's conditions (S3 If-None-Match: *, If-Match) are checked here first, and a
 *       condition that does not hold puts everything back (PreconditionFailed, NoSuchKey: the
 *       upload stays in progress);</li>
 *   <li>detached: each listed part's content taken off its part file without collecting it, so
 *       a part uploaded again meanwhile can no longer send it to garbage collection (one that
 *       already did fails the completion with InvalidPart, and everything is put back);</li>
 *   <li>built: the target's stripe map made of the parts' extents at shifted offsets (no data
 *       is copied; the stripes change owner);</li>
 *   <li>consumed: the parts' stripe maps deleted without collecting their stripes;</li>
 *   <li>committed: the target content swapped in (the key's old content is collected), the
 *       conditions checked again in the same compare-and-set. The parts are consumed by now, so
 *       a condition broken by a write in between ends the upload: its target is aborted (the
 *       parts' stripes collected with it) and the completion fails with
 *       ConditionalRequestConflict, as S3 does (the client uploads again);</li>
 * </ol>
 * then every remaining part file (unlisted parts) is collected and the upload removed.
 */
final class MultipartCompletion {

  static final long MIN_PART_SIZE = 5L << 20;
  static final int MAX_PARTS = 10_000;

  private final MultipartUploads uploads;
  private final NamespaceTree tree;
  private final Entries entries;
  private final Uploads writes;
  private final ChunkStore chunks;
  private final GarbageQueue garbage;

  MultipartCompletion(MultipartUploads uploads, NamespaceTree tree, Uploads writes, ChunkStore chunks,
      GarbageQueue garbage) {
    this.uploads = uploads;
    this.tree = tree;
    this.entries = tree.entries();
    this.writes = writes;
    this.chunks = chunks;
    this.garbage = garbage;
  }

  Future<JsonObject> complete(CompleteUploadRequest r) {
    UploadRef ref = UploadRef.newBuilder().setUploadId(r.getUploadId()).setBucket(r.getBucket()).setKey(r.getKey()).build();
    return Retry.run("complete", () -> uploads.find(ref, MultipartUploads.ACTIVE, MultipartUploads.COMPLETING)
        .compose(d -> MultipartUploads.COMPLETING.equals(d.getString("state")) ? Future.succeededFuture(d)
            : plan(d, r).compose(p -> p == null ? Retry.conflict() : Future.succeededFuture(p))))
        .compose(this::execute);
  }

  /** Checks the listed parts and records the plan (null when the upload changed state meanwhile). */
  private Future<JsonObject> plan(JsonObject d, CompleteUploadRequest r) {
    List<PartRef> parts = r.getPartsList();
    try {
      PartRules.checkList(parts);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return uploads.mongo().find(MetaCollections.ENTRIES, new JsonObject().put("parentId", d.getLong("dirId")))
        .compose(children -> {
          Map<String, JsonObject> byName = new LinkedHashMap<>();
          children.stream().filter(c -> EntryDoc.isFile(c) && !EntryDoc.hidden(c))
              .forEach(c -> byName.put(c.getString("name"), c));
          JsonObject plan = PartRules.plan(parts, byName);
          if (r.getIfAbsent()) {
            plan.put("ifAbsent", true);
          }
          if (r.hasIfMatchEtag()) {
            plan.put("ifMatch", PartRules.unquote(r.getIfMatchEtag()));
          }
          return uploads.mongo().findOneAndUpdateWithOptions(MetaCollections.MULTIPART_UPLOADS,
              new JsonObject().put("_id", d.getString("_id")).put("state", MultipartUploads.ACTIVE),
              new JsonObject().put("$set", new JsonObject().put("state", MultipartUploads.COMPLETING)
                  .put("plan", plan).put("updatedMs", System.currentTimeMillis())),
              new FindOptions(), new UpdateOptions().setReturningNewDocument(true));
        });
  }

  /** Runs the plan from its recorded step to the end; returns the object's entry. */
  Future<JsonObject> execute(JsonObject d) {
    int step = plan(d).getInteger("step", 0);
    Future<JsonObject> f = Future.succeededFuture(d);
    if (step < 1) {
      f = f.compose(this::chooseTarget);
    }
    if (step < 2) {
      f = f.compose(this::detachAll);
    }
    if (step < 3) {
      f = f.compose(this::build);
    }
    if (step < 4) {
      f = f.compose(this::consume);
    }
    if (step < 5) {
      f = f.compose(this::commit);
    }
    return f.compose(this::cleanUp);
  }

  private Future<JsonObject> chooseTarget(JsonObject d) {
    JsonObject plan = plan(d);
    return uploads.bucketDir(d.getString("bucket"))
        .compose(dir -> {
          BeginWriteRequest.Builder b = BeginWriteRequest.newBuilder().setParentId(dir.getLong("_id"))
              .setPath(d.getString("key")).setMakeParents(true).setIfAbsent(plan.getBoolean("ifAbsent", false));
          if (plan.getString("ifMatch") != null) {
            b.setIfMatchEtag(plan.getString("ifMatch"));
          }
          return writes.begin(b.build());
        })
        .recover(e -> revert(d).compose(x -> Future.failedFuture(conditionFailure(plan, e))))
        .compose(h -> advance(d, 0, 1, new JsonObject().put("plan.target",
            new JsonObject().put("id", h.entry().getLong("_id")).put("cid", h.cid())))
            .compose(next -> {
              JsonObject chosen = plan(next).getJsonObject("target");
              boolean ours = chosen.getLong("cid") == h.cid();
              return ours ? Future.succeededFuture(next)
                  : writes.abort(h.entry().getLong("_id"), h.cid()).map(next);
            }));
  }

  private Future<JsonObject> detachAll(JsonObject d) {
    Future<Void> chain = Future.succeededFuture();
    for (Object o : plan(d).getJsonArray("parts")) {
      chain = chain.compose(v -> detach((JsonObject) o));
    }
    return chain.transform(ar -> ar.succeeded() ? advance(d, 1, 2, new JsonObject())
        : revert(d).compose(x -> Future.failedFuture(ar.cause())));
  }

  /** Takes the part's content off its file (cid 0) without a garbage claim: the plan owns it now. */
  private Future<Void> detach(JsonObject p) {
    long id = p.getLong("id");
    long cid = p.getLong("cid");
    return Retry.run("detach part", () -> entries.get(id).compose(e -> {
      long current = e == null ? -1 : e.getLong("cid", 0L);
      if (current == cid) {
        return entries.cas(id, e.getLong("v"), new JsonObject().put("$set", new JsonObject().put("cid", 0L)
                .put("size", 0L).put("etag", "")))
            .compose(n -> n == null ? Retry.<Void>conflict() : Future.<Void>succeededFuture());
      }
      return ownedByPlan(cid, p.getLong("size")).compose(owned -> owned ? Future.succeededFuture()
          : Future.failedFuture(MultipartUploads.s3Error(GrpcStatus.INVALID_ARGUMENT, "InvalidPart", "part "
              + p.getInteger("n") + " was uploaded again while the upload was being completed; complete it again")));
    }));
  }

  /**
   * A content no longer on its part file is ours (detached by an earlier run of this plan)
   * unless someone queued it for collection: its claim is there, or it was reaped already.
   */
  private Future<Boolean> ownedByPlan(long cid, long size) {
    return uploads.mongo().findOne(MetaCollections.GARBAGE, new JsonObject().put("_id", "c" + cid), null)
        .compose(claim -> claim != null ? Future.succeededFuture(false)
            : size == 0 ? Future.succeededFuture(true)
            : uploads.mongo().findOne(MetaCollections.STRIPES, new JsonObject().put("_id", ChunkStore.id(cid, 0)), null)
                .map(chunk -> chunk != null));
  }

  /** Undoes steps 0 and 1 after a failure: parts back on their files, the target dropped, the upload ACTIVE. */
  private Future<Void> revert(JsonObject d) {
    JsonObject plan = plan(d);
    Future<Void> chain = Future.succeededFuture();
    for (Object o : plan.getJsonArray("parts")) {
      JsonObject p = (JsonObject) o;
      chain = chain.compose(v -> reattach(p));
    }
    JsonObject target = plan.getJsonObject("target");
    if (target != null) {
      chain = chain.compose(v -> writes.abort(target.getLong("id"), target.getLong("cid")).<Void>mapEmpty()
          .recover(e -> Future.succeededFuture()));
    }
    return chain.compose(v -> uploads.mongo().updateCollection(MetaCollections.MULTIPART_UPLOADS,
        new JsonObject().put("_id", d.getString("_id")).put("state", MultipartUploads.COMPLETING),
        new JsonObject().put("$set", new JsonObject().put("state", MultipartUploads.ACTIVE)
            .put("updatedMs", System.currentTimeMillis())).put("$unset", new JsonObject().put("plan", ""))))
        .mapEmpty();
  }

  private Future<Void> reattach(JsonObject p) {
    long id = p.getLong("id");
    long cid = p.getLong("cid");
    return Retry.run("reattach part", () -> entries.get(id).compose(e -> {
      if (e == null || e.getLong("cid", 0L) == cid) {
        return Future.<Void>succeededFuture();
      }
      return ownedByPlan(cid, p.getLong("size")).compose(owned -> {
        if (!owned) {
          return Future.<Void>succeededFuture();
        }
        if (e.getLong("cid", 0L) != 0) {
          return garbage.contentDead(cid, id, e.getLong("v"));
        }
        return entries.cas(id, e.getLong("v"), new JsonObject().put("$set", new JsonObject().put("cid", cid)
                .put("size", p.getLong("size")).put("etag", p.getString("etag"))))
            .compose(n -> n == null ? Retry.<Void>conflict() : Future.<Void>succeededFuture());
      });
    }));
  }

  /** The target's stripe map: every part's extents, shifted by the bytes of the parts before it. */
  private Future<JsonObject> build(JsonObject d) {
    JsonObject plan = plan(d);
    JsonObject target = plan.getJsonObject("target");
    long cid = target.getLong("cid");
    long id = target.getLong("id");
    return chunks.takeWrite(cid, id, plan.getLong("size")).compose(header -> {
      long w = header.getLong("w", 0L) + 1;
      List<Extent> shifted = new ArrayList<>();
      Future<Long> chain = Future.succeededFuture(0L);
      for (Object o : plan.getJsonArray("parts")) {
        JsonObject p = (JsonObject) o;
        chain = chain.compose(base -> partExtents(p).map(extents -> {
          extents.forEach(e -> shifted.add(new Extent(e.offset() + base, e.length(), e.stripeId(), e.groupId(),
              e.dataOffset(), e.dataLength(), e.shardLength(), e.k(), e.m(), e.crcs(), w)));
          return base + p.getLong("size");
        }));
      }
      return chain.compose(total -> addExtents(cid, id, shifted));
    }).compose(v -> advance(d, 2, 3, new JsonObject()));
  }

  /** A part's runs [0, size), checked to cover it without holes. */
  private Future<List<Extent>> partExtents(JsonObject p) {
    long size = p.getLong("size");
    if (size == 0) {
      return Future.succeededFuture(List.of());
    }
    long cid = p.getLong("cid");
    return chunks.load(cid, 0, StripeMap.lastChunk(size)).compose(docs -> {
      List<Extent> all = new ArrayList<>();
      docs.forEach(c -> c.getJsonArray("x", new JsonArray()).forEach(x -> all.add(Extent.fromJson((JsonObject) x))));
      List<Extent> runs = StripeMap.resolve(all, 0, size);
      long covered = runs.stream().mapToLong(Extent::length).sum();
      if (covered != size) {
        return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EINVAL, "part " + p.getInteger("n")
            + " holds " + covered + " of its " + size + " bytes (content " + cid + ")"));
      }
      return Future.succeededFuture(runs);
    });
  }

  private Future<Void> addExtents(long cid, long entryId, List<Extent> extents) {
    Map<Long, List<Extent>> byChunk = new TreeMap<>();
    extents.forEach(e -> byChunk.computeIfAbsent(StripeMap.chunkOf(e), c -> new ArrayList<>()).add(e));
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<Long, List<Extent>> c : byChunk.entrySet()) {
      chain = chain.compose(v -> chunks.update(cid, entryId, c.getKey(), t -> {
        List<Extent> all = new ArrayList<>(t.kept());
        all.removeIf(old -> c.getValue().stream().anyMatch(n -> n.stripeId() == old.stripeId()));
        all.addAll(c.getValue());
        all.sort(java.util.Comparator.comparingLong(Extent::offset));
        return new StripeMap.Trimmed(all, List.of());
      }));
    }
    return chain;
  }

  /** Deletes the parts' stripe maps without collecting their stripes (the target holds them now). */
  private Future<JsonObject> consume(JsonObject d) {
    Future<Void> chain = Future.succeededFuture();
    for (Object o : plan(d).getJsonArray("parts")) {
      JsonObject p = (JsonObject) o;
      JsonArray ids = new JsonArray();
      for (long i = 0; i <= StripeMap.lastChunk(Math.max(1, p.getLong("size"))); i++) {
        ids.add(ChunkStore.id(p.getLong("cid"), i));
      }
      chain = chain.compose(v -> uploads.mongo().removeDocuments(MetaCollections.STRIPES,
          new JsonObject().put("_id", new JsonObject().put("$in", ids))).mapEmpty());
    }
    return chain.compose(v -> advance(d, 3, 4, new JsonObject()));
  }

  /** An If-Match on a missing key is NoSuchKey to the client, not the ENOENT of a missing upload. */
  private static Throwable conditionFailure(JsonObject plan, Throwable e) {
    return plan.getString("ifMatch") != null && NamespaceErrors.errnoOf(e) == NamespaceErrno.ENOENT
        ? MultipartUploads.s3Error(GrpcStatus.NOT_FOUND, "NoSuchKey", "If-Match: " + e.getMessage()) : e;
  }

  private Future<JsonObject> commit(JsonObject d) {
    JsonObject plan = plan(d);
    JsonObject target = plan.getJsonObject("target");
    Map<String, String> meta = new LinkedHashMap<>();
    d.getJsonObject("userMeta", new JsonObject()).forEach(e -> meta.put(e.getKey(), String.valueOf(e.getValue())));
    CommitWriteRequest.Builder c = CommitWriteRequest.newBuilder().setId(target.getLong("id"))
        .setContentId(target.getLong("cid")).setSize(plan.getLong("size")).setEtag(plan.getString("etag"))
        .setContentType(d.getString("contentType", "")).putAllUserMeta(meta).setIfAbsent(plan.getBoolean("ifAbsent", false));
    boolean conditional = plan.getBoolean("ifAbsent", false) || plan.getString("ifMatch") != null;
    if (plan.getString("ifMatch") != null) {
      c.setIfMatchEtag(plan.getString("ifMatch"));
    }
    return writes.commit(c.build()).recover(e -> conditional && (NamespaceErrors.errnoOf(e) == NamespaceErrno.EEXIST
            || NamespaceErrors.errnoOf(e) == NamespaceErrno.ENOENT) ? conflict(d, target, e) : Future.failedFuture(e))
        .recover(e -> NamespaceErrors.errnoOf(e) != NamespaceErrno.ESTALE
            && NamespaceErrors.errnoOf(e) != NamespaceErrno.ENOENT ? Future.failedFuture(e)
        : uploads.removeUploadDir(d.getLong("dirId"), d.getString("_id"), 0)
            .compose(x -> uploads.mongo().removeDocument(MetaCollections.MULTIPART_UPLOADS,
                new JsonObject().put("_id", d.getString("_id"))))
            .compose(x -> Future.failedFuture(MultipartUploads.s3Error(GrpcStatus.ABORTED, "OperationAborted",
                "the object's key was deleted or overwritten by a directory while the upload was completing"))))
        .compose(entry -> advance(d, 4, 5, new JsonObject()));
  }

  /**
   * A condition broken between the target's reservation and the commit: the parts are consumed,
   * so the upload cannot be put back. The target is aborted (its content, made of the parts'
   * stripes, is collected), the upload removed, and the client told to upload again.
   */
  private Future<JsonObject> conflict(JsonObject d, JsonObject target, Throwable why) {
    return writes.abort(target.getLong("id"), target.getLong("cid")).<Void>mapEmpty()
        .compose(x -> uploads.removeUploadDir(d.getLong("dirId"), d.getString("_id"), 0))
        .compose(x -> uploads.mongo().removeDocument(MetaCollections.MULTIPART_UPLOADS,
            new JsonObject().put("_id", d.getString("_id"))))
        .compose(x -> Future.failedFuture(MultipartUploads.s3Error(GrpcStatus.ABORTED, "ConditionalRequestConflict",
            "the object's key was written while the upload was completing (" + why.getMessage()
                + "); start a new multipart upload")));
  }

  /** Collects the parts left (unlisted, or uploaded again meanwhile), removes the upload; returns the object. */
  private Future<JsonObject> cleanUp(JsonObject d) {
    long id = plan(d).getJsonObject("target").getLong("id");
    return uploads.removeUploadDir(d.getLong("dirId"), d.getString("_id"), 0)
        .compose(v -> uploads.mongo().removeDocument(MetaCollections.MULTIPART_UPLOADS,
            new JsonObject().put("_id", d.getString("_id"))))
        .recover(e -> Future.succeededFuture())
        .compose(v -> entries.require(id));
  }

  /** Moves the plan from step {@code from} to {@code to}; a concurrent run that got further is followed. */
  private Future<JsonObject> advance(JsonObject d, int from, int to, JsonObject set) {
    JsonObject update = set.copy().put("plan.step", to).put("updatedMs", System.currentTimeMillis());
    return uploads.mongo().findOneAndUpdateWithOptions(MetaCollections.MULTIPART_UPLOADS,
            new JsonObject().put("_id", d.getString("_id")).put("state", MultipartUploads.COMPLETING)
                .put("plan.step", from),
            new JsonObject().put("$set", update), new FindOptions(), new UpdateOptions().setReturningNewDocument(true))
        .compose(next -> next != null ? Future.succeededFuture(next)
            : uploads.mongo().findOne(MetaCollections.MULTIPART_UPLOADS, new JsonObject().put("_id", d.getString("_id")), null)
                .compose(now -> now != null && MultipartUploads.COMPLETING.equals(now.getString("state"))
                    && plan(now).getInteger("step", 0) >= to ? Future.succeededFuture(now)
                    : Future.failedFuture(MultipartUploads.noSuchUpload(d.getString("_id")))));
  }

  private static JsonObject plan(JsonObject d) {
    return d.getJsonObject("plan", new JsonObject());
  }
}
