package io.kdss.s3.auth;

import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A fixed set of keys held in memory: the dev cluster's admin key (and tests' users). */
public final class StaticAccessKeys implements AccessKeyStore {

  private final Map<String, AccessKey> keys = new LinkedHashMap<>();

  public StaticAccessKeys(List<AccessKey> keys) {
    for (AccessKey k : keys) {
      this.keys.put(k.accessKeyId(), k);
    }
  }

  @Override
  public Future<AccessKey> find(String accessKeyId) {
    return Future.succeededFuture(keys.get(accessKeyId));
  }
}
