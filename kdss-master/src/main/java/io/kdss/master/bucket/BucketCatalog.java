package io.kdss.master.bucket;

import io.kdss.client.master.NamespaceErrno;
import io.kdss.master.admin.AdminBootstrap;
import io.kdss.master.admin.PolicyDocuments;
import io.kdss.master.namespace.Namespace;
import io.kdss.master.namespace.NamespaceErrors;
import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.kdss.proto.Bucket;
import io.kdss.proto.BucketConfigKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.StatusException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Buckets: top-level directories of the namespace (so S3 and FUSE share them), with settings in
 * {@code buckets} and policies in {@code policies}:
 * <pre>
 * buckets:  {_id: name, owner, region, createdMs, cors, tagging}
 * policies: {_id: name, policy, updatedMs}   (also edited by the admin API)
 * </pre>
 * The directory decides whether a bucket exists; settings are written after it is made and
 * removed after it is gone, so a crash in between leaves a bucket owned by the admin (no
 * settings) or stale settings that the next CreateBucket of that name overwrites.
 */
public final class BucketCatalog {

  /** Names S3 clients can address: a top-level directory with another name is not listed as a bucket. */
  static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private final Namespace namespace;
  private final MongoClient mongo;

  public BucketCatalog(Namespace namespace, MetaStore store) {
    this.namespace = namespace;
    this.mongo = store.client();
  }

  static StatusException error(GrpcStatus status, String code, String detail) {
    return new StatusException(status, code + ": " + detail);
  }

  static StatusException noSuchBucket(String name) {
    return error(GrpcStatus.NOT_FOUND, "NoSuchBucket", "The specified bucket does not exist: " + name);
  }

  Future<Bucket> create(String name, String owner, String region) {
    if (!BUCKET_NAME.matcher(name).matches()) {
      return Future.failedFuture(error(GrpcStatus.INVALID_ARGUMENT, "InvalidBucketName", "not a bucket name: " + name));
    }
    return namespace.makeTopDirectory(name).compose(dir -> {
      long now = System.currentTimeMillis();
      JsonObject settings = new JsonObject().put("owner", owner).put("region", region).put("createdMs", now);
      return mongo.updateCollectionWithOptions(MetaCollections.BUCKETS, new JsonObject().put("_id", name),
              new JsonObject().put("$set", settings).put("$unset", new JsonObject().put("cors", "").put("tagging", "")),
              new UpdateOptions().setUpsert(true))
          .compose(x -> mongo.removeDocuments(MetaCollections.POLICIES, new JsonObject().put("_id", name)))
          .map(x -> toProto(name, dir, settings, null));
    }, e -> NamespaceErrors.errnoOf(e) != NamespaceErrno.EEXIST ? Future.failedFuture(e)
        : settings(name).compose(s -> Future.failedFuture(ownerOf(s).equals(owner)
            ? error(GrpcStatus.ALREADY_EXISTS, "BucketAlreadyOwnedByYou", "you already own bucket " + name)
            : error(GrpcStatus.ALREADY_EXISTS, "BucketAlreadyExists", "bucket " + name + " is taken; pick another name"))));
  }

  /** The bucket with its settings and policy; NoSuchBucket when its directory does not exist. */
  public Future<Bucket> get(String name) {
    return namespace.topDirectory(name).compose(dir -> dir == null ? Future.failedFuture(noSuchBucket(name))
        : settings(name).compose(s -> policyDoc(name).map(p -> toProto(name, dir, s, p))));
  }

  /** One page of a bucket listing; {@code nextAfter} is null after the last page. */
  public record Page(List<Bucket> buckets, String nextAfter) {
  }

  /** A page of buckets (name order) after {@code after}, of one owner when {@code owner} is not empty. */
  public Future<Page> list(String owner, String after, int limit) {
    return namespace.topDirectories(after, limit).compose(dirs -> {
      String next = dirs.size() < limit ? null : dirs.get(dirs.size() - 1).getString("name");
      List<JsonObject> named = dirs.stream().filter(d -> "DIR".equals(d.getString("type"))
          && BUCKET_NAME.matcher(d.getString("name")).matches()).toList();
      JsonArray names = new JsonArray(named.stream().map(d -> (Object) d.getString("name")).toList());
      JsonObject byName = new JsonObject().put("_id", new JsonObject().put("$in", names));
      return mongo.find(MetaCollections.BUCKETS, byName).compose(settings -> mongo.find(MetaCollections.POLICIES, byName)
          .map(policies -> {
            Map<String, JsonObject> s = settings.stream().collect(Collectors.toMap(d -> d.getString("_id"), Function.identity()));
            Map<String, JsonObject> p = policies.stream().collect(Collectors.toMap(d -> d.getString("_id"), Function.identity()));
            List<Bucket> out = new ArrayList<>();
            for (JsonObject d : named) {
              String name = d.getString("name");
              Bucket b = toProto(name, d, s.get(name), p.get(name));
              if (owner == null || owner.isEmpty() || b.getOwner().equals(owner)) {
                out.add(b);
              }
            }
            return new Page(out, next);
          }));
    });
  }

  Future<Bucket> delete(String name) {
    return get(name).compose(b -> mongo.count(MetaCollections.MULTIPART_UPLOADS, new JsonObject().put("bucket", name))
        .compose(uploads -> uploads > 0
            ? Future.failedFuture(error(GrpcStatus.FAILED_PRECONDITION, "BucketNotEmpty", "bucket " + name + " has "
                + uploads + " multipart upload(s) in progress; complete or abort them first"))
            : namespace.removeTopDirectory(name).recover(e -> Future.failedFuture(switch (NamespaceErrors.errnoOf(e)) {
              case ENOTEMPTY -> error(GrpcStatus.FAILED_PRECONDITION, "BucketNotEmpty",
                  "The bucket you tried to delete is not empty: " + name);
              case ENOENT, ENOTDIR -> noSuchBucket(name);
              case null, default -> e;
            })))
        .compose(x -> mongo.removeDocuments(MetaCollections.BUCKETS, new JsonObject().put("_id", name)))
        .compose(x -> mongo.removeDocuments(MetaCollections.POLICIES, new JsonObject().put("_id", name)))
        .map(b));
  }

  /** Stores (non-empty) or removes (empty) one per-bucket document; policies are parsed first. */
  Future<Bucket> setConfig(String name, BucketConfigKind kind, String document) {
    if (kind == BucketConfigKind.BUCKET_CONFIG_POLICY) {
      return document.isEmpty() ? get(name).compose(b -> deletePolicy(name)).compose(x -> get(name))
          : setPolicy(name, document).compose(x -> get(name));
    }
    String field = switch (kind) {
      case BUCKET_CONFIG_CORS -> "cors";
      case BUCKET_CONFIG_TAGGING -> "tagging";
      default -> null;
    };
    if (field == null) {
      return Future.failedFuture(error(GrpcStatus.INVALID_ARGUMENT, "InvalidArgument", "unknown bucket document " + kind));
    }
    JsonObject update = document.isEmpty() ? new JsonObject().put("$unset", new JsonObject().put(field, ""))
        : new JsonObject().put("$set", new JsonObject().put(field, document));
    return get(name).compose(b -> mongo.updateCollectionWithOptions(MetaCollections.BUCKETS,
        new JsonObject().put("_id", name), update, new UpdateOptions().setUpsert(true))).compose(x -> get(name));
  }

  /** Checks (AWS grammar) and stores a bucket's policy; NoSuchBucket, MalformedPolicy. */
  public Future<JsonObject> setPolicy(String name, String policy) {
    String problem = PolicyDocuments.bucketPolicyProblem(name, policy);
    if (problem != null) {
      return Future.failedFuture(error(GrpcStatus.INVALID_ARGUMENT, "MalformedPolicy", problem));
    }
    JsonObject doc = new JsonObject().put("policy", policy).put("updatedMs", System.currentTimeMillis());
    return get(name).compose(b -> mongo.findOneAndUpdateWithOptions(MetaCollections.POLICIES,
        new JsonObject().put("_id", name), new JsonObject().put("$set", doc), new FindOptions(),
        new UpdateOptions().setUpsert(true).setReturningNewDocument(true)));
  }

  /** The stored policy document; NOT_FOUND "NoSuchBucketPolicy" when none. */
  public Future<JsonObject> policy(String name) {
    return policyDoc(name).compose(p -> p == null
        ? Future.failedFuture(error(GrpcStatus.NOT_FOUND, "NoSuchBucketPolicy", "bucket " + name + " has no policy"))
        : Future.succeededFuture(p));
  }

  public Future<JsonObject> deletePolicy(String name) {
    return policy(name).compose(p -> mongo.removeDocuments(MetaCollections.POLICIES, new JsonObject().put("_id", name))
        .map(p));
  }

  private Future<JsonObject> policyDoc(String name) {
    return mongo.findOne(MetaCollections.POLICIES, new JsonObject().put("_id", name), null);
  }

  private Future<JsonObject> settings(String name) {
    return mongo.findOne(MetaCollections.BUCKETS, new JsonObject().put("_id", name), null);
  }

  private static String ownerOf(JsonObject settings) {
    return settings == null ? AdminBootstrap.ADMIN : settings.getString("owner", AdminBootstrap.ADMIN);
  }

  static Bucket toProto(String name, JsonObject dir, JsonObject settings, JsonObject policy) {
    JsonObject s = settings == null ? new JsonObject() : settings;
    return Bucket.newBuilder().setName(name).setDirId(dir.getLong("_id")).setOwner(ownerOf(settings))
        .setRegion(s.getString("region", "")).setCreatedMs(s.getLong("createdMs", dir.getLong("ctime", 0L)))
        .setPolicy(policy == null ? "" : policy.getString("policy", "")).setCors(s.getString("cors", ""))
        .setTagging(s.getString("tagging", "")).build();
  }
}
