package io.kdss.s3.auth;

import io.kdss.s3.sigv4.CredentialScope;
import io.kdss.s3.sigv4.SigningKeyCache;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test keys held in memory with their secrets (a cluster's gateway asks the masters instead). */
public final class StaticAccessKeys implements AccessKeyStore {

  /** A test key pair and its owner. */
  public record TestKey(String accessKeyId, String secretKey, String userName, boolean admin, String policy) {

    public TestKey(String accessKeyId, String secretKey, String userName, boolean admin) {
      this(accessKeyId, secretKey, userName, admin, "");
    }

    public AccessKey key() {
      return new AccessKey(accessKeyId, userName, admin, policy);
    }
  }

  private final Map<String, TestKey> keys = new LinkedHashMap<>();
  private final SigningKeyCache signingKeys = new SigningKeyCache();

  public StaticAccessKeys(List<TestKey> keys) {
    for (TestKey k : keys) {
      this.keys.put(k.accessKeyId(), k);
    }
  }

  @Override
  public Future<ScopedKey> find(String accessKeyId, CredentialScope scope) {
    TestKey k = keys.get(accessKeyId);
    return Future.succeededFuture(k == null ? null
        : new ScopedKey(k.key(), scope, signingKeys.signingKey(k.secretKey(), scope)));
  }
}
