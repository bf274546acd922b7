package io.kdss.master.admin;

import io.kdss.proto.AccessKey;
import io.kdss.proto.AccessKeyStatus;
import io.kdss.proto.BucketPolicy;
import io.kdss.proto.User;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Converts user, key and policy documents to their protobuf messages (never the secret). */
final class AdminMessages {

  private AdminMessages() {
  }

  static User user(JsonObject u, List<JsonObject> keys) {
    User.Builder b = User.newBuilder()
        .setName(u.getString("_id"))
        .setAdmin(u.getBoolean("admin", false))
        .setPolicy(u.getString("policy", ""))
        .setCreatedMs(u.getLong("createdMs", 0L));
    keys.forEach(k -> b.addKeys(key(k)));
    return b.build();
  }

  static AccessKey key(JsonObject k) {
    return AccessKey.newBuilder()
        .setAccessKeyId(k.getString("_id"))
        .setUser(k.getString("user", ""))
        .setStatus(UserStore.ACTIVE.equals(k.getString("status")) ? AccessKeyStatus.ACCESS_KEY_ACTIVE
            : AccessKeyStatus.ACCESS_KEY_REVOKED)
        .setCreatedMs(k.getLong("createdMs", 0L))
        .setRevokedMs(k.getLong("revokedMs", 0L))
        .build();
  }

  static BucketPolicy policy(String bucket, JsonObject p) {
    return BucketPolicy.newBuilder().setBucket(bucket).setPolicy(p.getString("policy", ""))
        .setUpdatedMs(p.getLong("updatedMs", 0L)).build();
  }
}
