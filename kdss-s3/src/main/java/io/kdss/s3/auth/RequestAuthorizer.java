package io.kdss.s3.auth;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.policy.BucketPolicy;
import io.kdss.s3.policy.Decision;
import io.kdss.s3.policy.PolicyRequest;
import java.util.List;
import java.util.Map;

/**
 * Whether a caller may perform an action on a bucket or object, as S3 decides for a bucket in
 * one account: an explicit Deny in the bucket policy refuses (even the owner; only the admin
 * keeps the right to read, replace and delete the policy itself, so it cannot lock itself out);
 * an Allow grants; otherwise the owner and the admin may, and anyone else (anonymous included)
 * may not.
 */
public final class RequestAuthorizer {

  private RequestAuthorizer() {
  }

  /**
   * @param owner the bucket's owner (user name)
   * @param policy the bucket's policy, null when it has none
   * @param key the object key, null for bucket-level actions
   */
  public static void check(Caller caller, String action, String bucket, String key, String owner, BucketPolicy policy,
      Map<String, List<String>> conditionKeys) {
    Decision d = Decision.IMPLICIT_DENY;
    if (policy != null) {
      String resource = key == null ? PolicyRequest.bucketArn(bucket) : PolicyRequest.objectArn(bucket, key);
      d = policy.evaluate(new PolicyRequest(caller.userName(), caller.accessKeyId(), action, resource, conditionKeys));
    }
    boolean policyAction = action.endsWith("BucketPolicy");
    switch (d) {
      case DENY -> {
        if (!(caller.admin() && policyAction)) {
          throw new S3Exception(S3ErrorCode.AccessDenied, "Access Denied: the bucket policy denies " + action + ".");
        }
      }
      case ALLOW -> {
        if (policyAction && !caller.admin() && !caller.anonymous() && !caller.userName().equals(owner)) {
          throw new S3Exception(S3ErrorCode.AccessDenied, "Only the bucket owner may manage its policy.");
        }
      }
      case IMPLICIT_DENY -> {
        if (caller.anonymous()) {
          throw new S3Exception(S3ErrorCode.AccessDenied, "Anonymous requests are refused unless a bucket policy"
              + " allows them; sign the request (AWS Signature Version 4).");
        }
        if (!caller.admin() && !caller.userName().equals(owner)) {
          throw new S3Exception(S3ErrorCode.AccessDenied);
        }
      }
    }
    if (policyAction && caller.anonymous()) {
      throw new S3Exception(S3ErrorCode.AccessDenied, "Only the bucket owner may manage its policy.");
    }
  }

  /** Account-level actions (ListBuckets, CreateBucket): any authenticated user, never anonymous. */
  public static void checkAuthenticated(Caller caller) {
    if (caller.anonymous()) {
      throw new S3Exception(S3ErrorCode.AccessDenied, "Anonymous requests are refused for this operation;"
          + " sign the request (AWS Signature Version 4).");
    }
  }
}
