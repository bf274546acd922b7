package io.kdss.s3.auth;

import io.kdss.policy.BucketPolicy;
import io.kdss.policy.Decision;
import io.kdss.policy.PolicyRequest;
import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.util.List;
import java.util.Map;

/**
 * Whether a caller may perform an action on a bucket or object, as AWS decides within one
 * account, with the bucket policy and the caller's identity policy (a non-admin user's, from
 * the masters) evaluated together: an explicit Deny in either refuses (even the owner; only the
 * admin keeps the right to read, replace and delete a bucket policy, so it cannot lock itself
 * out); otherwise an Allow in either grants (a bucket policy's Allow of the policy actions only
 * to the owner); otherwise the owner and the admin may, and anyone else (anonymous included)
 * may not.
 */
public final class RequestAuthorizer {

  private RequestAuthorizer() {
  }

  /**
   * @param owner the bucket's owner (user name)
   * @param policy the bucket's policy, null when it has none
   * @param identity the caller's identity policy, null when none (anonymous, admins, users without one)
   * @param key the object key, null for bucket-level actions
   */
  public static void check(Caller caller, String action, String bucket, String key, String owner, BucketPolicy policy,
      BucketPolicy identity, Map<String, List<String>> conditionKeys) {
    String resource = key == null ? PolicyRequest.bucketArn(bucket) : PolicyRequest.objectArn(bucket, key);
    PolicyRequest request = new PolicyRequest(caller.userName(), caller.accessKeyId(), action, resource, conditionKeys);
    Decision fromBucket = policy == null ? Decision.IMPLICIT_DENY : policy.evaluate(request);
    Decision fromIdentity = identity == null || caller.anonymous() || caller.admin() ? Decision.IMPLICIT_DENY
        : identity.evaluate(request);
    boolean policyAction = action.endsWith("BucketPolicy");
    if (fromBucket == Decision.DENY || fromIdentity == Decision.DENY) {
      if (!(caller.admin() && policyAction)) {
        throw new S3Exception(S3ErrorCode.AccessDenied, "Access Denied: the " + (fromBucket == Decision.DENY
            ? "bucket policy" : "user's policy") + " denies " + action + ".");
      }
      return;
    }
    if (policyAction && caller.anonymous()) {
      throw new S3Exception(S3ErrorCode.AccessDenied, "Only the bucket owner may manage its policy.");
    }
    if (fromIdentity == Decision.ALLOW) {
      return;
    }
    if (fromBucket == Decision.ALLOW) {
      if (policyAction && !caller.admin() && !caller.userName().equals(owner)) {
        throw new S3Exception(S3ErrorCode.AccessDenied, "Only the bucket owner may manage its policy.");
      }
      return;
    }
    if (caller.anonymous()) {
      throw new S3Exception(S3ErrorCode.AccessDenied, "Anonymous requests are refused unless a bucket policy"
          + " allows them; sign the request (AWS Signature Version 4).");
    }
    if (!caller.admin() && !caller.userName().equals(owner)) {
      throw new S3Exception(S3ErrorCode.AccessDenied);
    }
  }

  /**
   * Account-level actions (ListBuckets as s3:ListAllMyBuckets, CreateBucket): any authenticated
   * user unless the user's identity policy denies the action; never anonymous.
   */
  public static void checkAccount(Caller caller, String action, String resource, BucketPolicy identity,
      Map<String, List<String>> conditionKeys) {
    if (caller.anonymous()) {
      throw new S3Exception(S3ErrorCode.AccessDenied, "Anonymous requests are refused for this operation;"
          + " sign the request (AWS Signature Version 4).");
    }
    if (identity != null && !caller.admin() && identity.evaluate(new PolicyRequest(caller.userName(),
        caller.accessKeyId(), action, resource, conditionKeys)) == Decision.DENY) {
      throw new S3Exception(S3ErrorCode.AccessDenied, "Access Denied: the user's policy denies " + action + ".");
    }
  }
}
