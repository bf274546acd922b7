package io.kdss.s3.auth;

import io.vertx.core.Future;

/**
 * Where the gateway finds the secret of an access key id. The cluster's store (users and keys
 * in MongoDB, served by the masters) plugs in here; the dev admin key is a {@link StaticAccessKeys}.
 */
public interface AccessKeyStore {

  /** The key with this id, or a succeeded future of null when there is none. */
  Future<AccessKey> find(String accessKeyId);
}
