package io.kdss.s3.auth;

import io.kdss.s3.sigv4.VerifiedSignature;

/** Who sent a request: an authenticated key's user (with its verified signature) or anonymous. */
public record Caller(AccessKey key, VerifiedSignature signature) {

  public static final Caller ANONYMOUS = new Caller(null, null);

  public boolean anonymous() {
    return key == null;
  }

  public String userName() {
    return key == null ? null : key.userName();
  }

  public String accessKeyId() {
    return key == null ? null : key.accessKeyId();
  }

  public boolean admin() {
    return key != null && key.admin();
  }
}
