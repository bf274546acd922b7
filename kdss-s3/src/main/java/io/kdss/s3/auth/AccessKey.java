package io.kdss.s3.auth;

/**
 * An S3 access key pair and the user it belongs to. {@code admin} keys may do anything,
 * bucket policies' Deny statements included, except that nothing bypasses a policy's Deny for
 * non-admins.
 */
public record AccessKey(String accessKeyId, String secretKey, String userName, boolean admin) {

  @Override
  public String toString() {
    return "AccessKey[" + accessKeyId + ", user=" + userName + ", admin=" + admin + "]";
  }
}
