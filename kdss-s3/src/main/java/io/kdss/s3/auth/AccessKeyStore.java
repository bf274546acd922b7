package io.kdss.s3.auth;

import io.kdss.s3.sigv4.CredentialScope;
import io.vertx.core.Future;

/**
 * Where the gateway finds an access key's owner and signing key. In a cluster the masters
 * answer ({@link MasterAccessKeys}: users and keys in MongoDB, secrets sealed there); tests use
 * a fixed set of keys.
 */
public interface AccessKeyStore {

  /**
   * The key's owner and the signing key of {@code scope}, or a succeeded future of null when the
   * key is unknown or revoked; fails (ServiceUnavailable) when the store cannot be asked.
   */
  Future<ScopedKey> find(String accessKeyId, CredentialScope scope);
}
