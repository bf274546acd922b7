package io.kdss.master.admin;

import io.kdss.policy.MalformedPolicyException;
import io.kdss.policy.PolicyParser;

/**
 * Checks policy documents before a master stores them, with the same AWS-grammar parser the S3
 * gateways evaluate them with, so a document that would be refused by PutBucketPolicy cannot
 * slip in through the admin API.
 */
public final class PolicyDocuments {

  private PolicyDocuments() {
  }

  /** Why {@code json} is not a valid policy of {@code bucket}, or null when it is. */
  public static String bucketPolicyProblem(String bucket, String json) {
    if (json == null || json.isBlank()) {
      return "the policy is empty";
    }
    try {
      PolicyParser.parse(json, bucket);
      return null;
    } catch (MalformedPolicyException e) {
      return e.getMessage();
    }
  }

  /** Why {@code json} is not a valid identity policy (no Principal, any bucket), or null; empty is valid (none). */
  public static String identityPolicyProblem(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      PolicyParser.parseIdentity(json);
      return null;
    } catch (MalformedPolicyException e) {
      return e.getMessage();
    }
  }
}
