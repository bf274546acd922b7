package io.kdss.master.admin;

import static io.kdss.meta.MetaCollections.ACCESS_KEYS;
import static io.kdss.meta.MetaCollections.USERS;

import io.kdss.auth.AccessKeys;
import io.kdss.auth.SecretBox;
import io.kdss.meta.MetaStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.UpdateOptions;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.StatusException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Users and their access keys (secrets sealed with the master key) in MongoDB (bucket
 * policies: {@link io.kdss.master.bucket.BucketCatalog}). Documents:
 * <pre>
 * users:       {_id: name, admin, policy, createdMs}
 * access_keys: {_id: accessKeyId, user, secret: "v1:...", status: ACTIVE|REVOKED, createdMs, revokedMs}
 * </pre>
 */
public final class UserStore {

  /** IAM-like user names: letters, digits and {@code +=,.@_-}, 1 to 64 characters. */
  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9+=,.@_-]{1,64}");
  public static final String ACTIVE = "ACTIVE";
  public static final String REVOKED = "REVOKED";

  private final MetaStore meta;
  private final SecretBox box;

  public UserStore(MetaStore meta, SecretBox box) {
    this.meta = meta;
    this.box = box;
  }

  /** An active key with its owner and plaintext secret. */
  public record KeyOwner(JsonObject key, JsonObject user, String secret) {
  }

  public Future<JsonObject> createUser(String name, boolean admin, String policy) {
    if (name == null || !USER_NAME.matcher(name).matches()) {
      return failed(GrpcStatus.INVALID_ARGUMENT, "user name must be 1-64 of A-Z a-z 0-9 + = , . @ _ -");
    }
    JsonObject doc = new JsonObject().put("_id", name).put("admin", admin).put("policy", policy == null ? "" : policy)
        .put("createdMs", System.currentTimeMillis());
    return meta.client().insert(USERS, doc).map(doc)
        .recover(e -> MetaStore.isDuplicateKey(e) ? failed(GrpcStatus.ALREADY_EXISTS, "user " + name + " exists") : Future.failedFuture(e));
  }

  public Future<JsonObject> user(String name) {
    return meta.client().findOne(USERS, new JsonObject().put("_id", name), null)
        .compose(u -> u == null ? failed(GrpcStatus.NOT_FOUND, "no user " + name) : Future.succeededFuture(u));
  }

  public Future<MetaStore.Page> users(String after, int limit) {
    return meta.page(USERS, new JsonObject(), "_id", after == null || after.isEmpty() ? null : after,
        Math.max(1, Math.min(limit <= 0 ? 1000 : limit, 1000)));
  }

  public Future<Long> adminCount() {
    return meta.client().count(USERS, new JsonObject().put("admin", true));
  }

  /** Deletes a user and revokes its keys; the last admin cannot be deleted. */
  public Future<JsonObject> deleteUser(String name) {
    return user(name).compose(u -> (u.getBoolean("admin", false) ? adminCount() : Future.succeededFuture(2L))
        .compose(admins -> admins <= 1
            ? failed(GrpcStatus.FAILED_PRECONDITION, "user " + name + " is the last admin")
            : revokeAll(name))
        .compose(v -> meta.client().removeDocument(USERS, new JsonObject().put("_id", name)))
        .map(u));
  }

  public Future<JsonObject> setPolicy(String name, String policy, Boolean admin) {
    JsonObject set = new JsonObject().put("policy", policy == null ? "" : policy);
    if (admin != null) {
      set.put("admin", admin);
    }
    Future<Void> guard = Boolean.FALSE.equals(admin)
        ? user(name).compose(u -> !u.getBoolean("admin", false) ? Future.succeededFuture()
            : adminCount().compose(n -> n <= 1 ? failed(GrpcStatus.FAILED_PRECONDITION,
                "user " + name + " is the last admin") : Future.succeededFuture()))
        : Future.succeededFuture();
    return guard.compose(v -> meta.client().findOneAndUpdateWithOptions(USERS, new JsonObject().put("_id", name),
            new JsonObject().put("$set", set), new FindOptions(), new UpdateOptions().setReturningNewDocument(true)))
        .compose(u -> u == null ? failed(GrpcStatus.NOT_FOUND, "no user " + name) : Future.succeededFuture(u));
  }

  /** Makes a new key for an existing user; returns the key document and the plaintext secret. */
  public Future<KeyOwner> createKey(String user) {
    return createKey(user, AccessKeys.newAccessKeyId(), AccessKeys.newSecret());
  }

  /** Stores a given key pair (bootstrap from KDSS_ACCESS_KEY/KDSS_SECRET_KEY). */
  public Future<KeyOwner> createKey(String user, String accessKeyId, String secret) {
    if (!AccessKeys.isPlausibleId(accessKeyId) || secret == null || secret.length() < 8) {
      return failed(GrpcStatus.INVALID_ARGUMENT, "an access key id is 16-128 printable characters and a secret at least 8");
    }
    return user(user).compose(u -> {
      JsonObject key = new JsonObject().put("_id", accessKeyId).put("user", user)
          .put("secret", box.seal(secret, accessKeyId)).put("status", ACTIVE)
          .put("createdMs", System.currentTimeMillis());
      return meta.client().insert(ACCESS_KEYS, key).map(id -> new KeyOwner(key, u, secret))
          .recover(e -> MetaStore.isDuplicateKey(e)
              ? failed(GrpcStatus.ALREADY_EXISTS, "access key " + accessKeyId + " exists")
              : Future.failedFuture(e));
    });
  }

  public Future<JsonObject> revokeKey(String accessKeyId) {
    return meta.client().findOneAndUpdateWithOptions(ACCESS_KEYS, new JsonObject().put("_id", accessKeyId),
            new JsonObject().put("$set", new JsonObject().put("status", REVOKED).put("revokedMs", System.currentTimeMillis())),
            new FindOptions(), new UpdateOptions().setReturningNewDocument(true))
        .compose(k -> k == null ? failed(GrpcStatus.NOT_FOUND, "no access key " + accessKeyId) : Future.succeededFuture(k));
  }

  public Future<List<JsonObject>> keysOf(String user) {
    return meta.client().findWithOptions(ACCESS_KEYS, new JsonObject().put("user", user),
        new FindOptions().setSort(new JsonObject().put("createdMs", 1)));
  }

  /** The active key, its user and secret; NOT_FOUND (InvalidAccessKeyId) otherwise. */
  public Future<KeyOwner> activeKey(String accessKeyId) {
    return meta.client().findOne(ACCESS_KEYS, new JsonObject().put("_id", accessKeyId), null).compose(k -> {
      if (k == null || !ACTIVE.equals(k.getString("status"))) {
        return failed(GrpcStatus.NOT_FOUND, "InvalidAccessKeyId: " + accessKeyId);
      }
      return user(k.getString("user"))
          .map(u -> new KeyOwner(k, u, box.open(k.getString("secret"), accessKeyId)));
    });
  }

  private Future<Void> revokeAll(String user) {
    return meta.client().updateCollectionWithOptions(ACCESS_KEYS, new JsonObject().put("user", user).put("status", ACTIVE),
        new JsonObject().put("$set", new JsonObject().put("status", REVOKED).put("revokedMs", System.currentTimeMillis())),
        new UpdateOptions().setMulti(true))
        .mapEmpty();
  }

  static <T> Future<T> failed(GrpcStatus status, String message) {
    return Future.failedFuture(new StatusException(status, message));
  }
}
