package io.kdss.s3.auth;

/**
 * Who an access key belongs to, as the masters tell a gateway (never the secret): the user,
 * whether it is an admin (who may do anything but lock itself out), and the user's identity
 * policy (JSON, empty when none), evaluated beside bucket policies.
 */
public record AccessKey(String accessKeyId, String userName, boolean admin, String policy) {

  public AccessKey {
    policy = policy == null ? "" : policy;
  }
}
