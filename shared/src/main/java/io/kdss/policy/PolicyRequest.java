package io.kdss.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a policy is evaluated against: the caller (null user for anonymous), the IAM action
 * ({@code s3:GetObject}), the resource ARN ({@code arn:aws:s3:::bucket/key}) and the condition
 * keys of the request ({@code aws:SourceIp}, {@code aws:SecureTransport}, {@code s3:prefix}...),
 * keys compared ignoring case, each possibly multi-valued.
 */
public record PolicyRequest(String userName, String accessKeyId, String action, String resource,
    Map<String, List<String>> conditionKeys) {

  public PolicyRequest {
    TreeMap<String, List<String>> keys = new TreeMap<>();
    conditionKeys.forEach((k, v) -> keys.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    if (userName != null) {
      keys.putIfAbsent("aws:username", List.of(userName));
      keys.putIfAbsent("aws:userid", List.of(accessKeyId == null ? userName : accessKeyId));
    }
    conditionKeys = java.util.Collections.unmodifiableMap(keys);
  }

  public static String bucketArn(String bucket) {
    return "arn:aws:s3:::" + bucket;
  }

  public static String objectArn(String bucket, String key) {
    return "arn:aws:s3:::" + bucket + "/" + key;
  }

  public boolean anonymous() {
    return userName == null;
  }

  /** The request's values of a condition key (empty when the request has none). */
  public List<String> values(String key) {
    List<String> v = conditionKeys.get(key.toLowerCase(Locale.ROOT));
    return v == null ? List.of() : v;
  }
}
