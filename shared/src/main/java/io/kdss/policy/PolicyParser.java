package io.kdss.policy;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses policy documents of the AWS grammar: bucket policies (for one bucket, every statement
 * with a Principal) and users' identity policies (no Principal: the statements are about the
 * user; resources in any bucket). Refuses with {@link MalformedPolicyException} and the reason
 * anything AWS would refuse: not JSON, unknown fields, a missing Effect/Principal/Action/Resource,
 * both Action and NotAction, an unknown condition operator, a non-s3 action, a resource outside
 * the bucket, bad IP or number values. Shared by the S3 gateway (PutBucketPolicy, evaluation) and
 * the masters (the admin API validates what it stores).
 */
public final class PolicyParser {

  /** S3's limit on a bucket policy's size. */
  public static final int MAX_POLICY_BYTES = 20 * 1024;
  public static final List<String> VERSIONS = List.of("2012-10-17", "2008-10-17");

  private static final Set<String> TOP_FIELDS = Set.of("Version", "Id", "Statement");
  private static final Set<String> STATEMENT_FIELDS = Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action",
      "NotAction", "Resource", "NotResource", "Condition");

  private PolicyParser() {
  }

  /** A bucket policy of {@code bucket}. */
  public static BucketPolicy parse(String json, String bucket) {
    return parse(json, bucket, false);
  }

  /**
   * A user's identity policy: statements without Principal, resources in any bucket
   * ({@code arn:aws:s3:::*}, {@code arn:aws:s3:::photos/*}).
   */
  public static BucketPolicy parseIdentity(String json) {
    return parse(json, null, true);
  }

  private static BucketPolicy parse(String json, String bucket, boolean identity) {
    if (json.length() > MAX_POLICY_BYTES) {
      throw malformed("Policies must be smaller than " + MAX_POLICY_BYTES + " bytes");
    }
    if (!json.stripLeading().startsWith("{")) {
      throw new MalformedPolicyException(MalformedPolicyException.NOT_JSON);
    }
    JsonObject doc;
    try {
      doc = new JsonObject(json);
    } catch (DecodeException e) {
      throw malformed("This policy contains invalid Json");
    }
    for (String f : doc.fieldNames()) {
      if (!TOP_FIELDS.contains(f)) {
        throw malformed("Unknown field " + f);
      }
    }
    String version = doc.getValue("Version") instanceof String v ? v : null;
    if (doc.containsKey("Version") && (version == null || !VERSIONS.contains(version))) {
      throw malformed("Invalid policy version: " + doc.getValue("Version") + "; use \"2012-10-17\"");
    }
    Object st = doc.getValue("Statement");
    List<JsonObject> raw = new ArrayList<>();
    if (st instanceof JsonObject o) {
      raw.add(o);
    } else if (st instanceof JsonArray a) {
      for (Object o : a) {
        if (!(o instanceof JsonObject so)) {
          throw malformed("Each Statement must be a JSON object");
        }
        raw.add(so);
      }
    }
    if (raw.isEmpty()) {
      throw malformed("Missing required field Statement");
    }
    List<Statement> statements = new ArrayList<>();
    Set<String> sids = new HashSet<>();
    for (JsonObject s : raw) {
      Statement parsed = statement(s, bucket, identity);
      if (parsed.sid() != null && !sids.add(parsed.sid())) {
        throw malformed("Statement IDs (SID) in a single policy must be unique: " + parsed.sid());
      }
      statements.add(parsed);
    }
    return new BucketPolicy(version == null ? "2008-10-17" : version, doc.getString("Id"), statements);
  }

  private static Statement statement(JsonObject s, String bucket, boolean identity) {
    for (String f : s.fieldNames()) {
      if (!STATEMENT_FIELDS.contains(f)) {
        throw malformed("Unknown field " + f);
      }
    }
    if (s.containsKey("NotPrincipal")) {
      throw malformed("NotPrincipal is not supported; list the principals in Principal and use a Deny statement");
    }
    Effect effect;
    Object e = s.getValue("Effect");
    if (e == null) {
      throw malformed("Missing required field Effect");
    }
    try {
      effect = Effect.valueOf(String.valueOf(e));
    } catch (IllegalArgumentException ex) {
      throw malformed("Invalid effect: " + e);
    }
    Principals principal;
    if (identity) {
      if (s.containsKey("Principal")) {
        throw malformed("Has prohibited field Principal (an identity policy is about its user)");
      }
      principal = new Principals(true, List.of());
    } else {
      principal = principal(s.getValue("Principal"));
    }
    boolean notAction = exactlyOne(s, "Action", "NotAction");
    List<String> actions = strings(s.getValue(notAction ? "NotAction" : "Action"), notAction ? "NotAction" : "Action");
    for (String a : actions) {
      if (!a.equals("*") && !a.toLowerCase(Locale.ROOT).startsWith("s3:")) {
        throw malformed("Policy has invalid action: " + a);
      }
    }
    boolean notResource = exactlyOne(s, "Resource", "NotResource");
    List<String> resources = strings(s.getValue(notResource ? "NotResource" : "Resource"),
        notResource ? "NotResource" : "Resource");
    for (String r : resources) {
      checkResource(r, identity ? null : bucket);
    }
    List<Condition> conditions = ConditionParser.parse(s.getValue("Condition"));
    return new Statement(s.getString("Sid"), effect, principal, actions, notAction, resources, notResource, conditions);
  }

  private static boolean exactlyOne(JsonObject s, String field, String notField) {
    boolean has = s.containsKey(field);
    boolean hasNot = s.containsKey(notField);
    if (has && hasNot) {
      throw malformed("Statement cannot have both " + field + " and " + notField);
    }
    if (!has && !hasNot) {
      throw malformed("Missing required field " + field);
    }
    return hasNot;
  }

  private static Principals principal(Object p) {
    if (p == null) {
      throw malformed("Missing required field Principal");
    }
    if ("*".equals(p)) {
      return new Principals(true, List.of());
    }
    if (!(p instanceof JsonObject o) || o.isEmpty()) {
      throw malformed("Invalid principal in policy: " + p);
    }
    List<String> aws = new ArrayList<>();
    for (String type : o.fieldNames()) {
      List<String> values = strings(o.getValue(type), "Principal." + type);
      switch (type) {
        case "AWS" -> aws.addAll(values);
        case "CanonicalUser", "Service", "Federated" -> {
          // principals of other kinds never match a KDSS caller
        }
        default -> throw malformed("Invalid principal in policy: unknown principal type " + type);
      }
    }
    for (String a : aws) {
      if (a.isBlank() || a.startsWith("arn:") && !a.matches("arn:aws:iam::[^:]*:(root|user/.+)")) {
        throw malformed("Invalid principal in policy: " + a);
      }
    }
    return new Principals(false, aws);
  }

  private static void checkResource(String r, String bucket) {
    if (r.equals("*")) {
      return;
    }
    if (!r.startsWith("arn:aws:s3:::")) {
      throw malformed("Policy has invalid resource: " + r);
    }
    if (bucket == null) {
      return;
    }
    String rest = r.substring("arn:aws:s3:::".length());
    int slash = rest.indexOf('/');
    String resourceBucket = slash < 0 ? rest : rest.substring(0, slash);
    if (!Wildcards.matches(resourceBucket, bucket, false)) {
      throw malformed("Policy has invalid resource: " + r + " (the policy of bucket " + bucket
          + " can only refer to it)");
    }
  }

  static List<String> strings(Object v, String field) {
    List<String> out = new ArrayList<>();
    if (v instanceof String s) {
      out.add(s);
    } else if (v instanceof JsonArray a && !a.isEmpty()) {
      for (Object o : a) {
        if (!(o instanceof String s)) {
          throw malformed(field + " values must be strings");
        }
        out.add(s);
      }
    } else {
      throw malformed(field + " must be a string or a non-empty list of strings");
    }
    return out;
  }

  static MalformedPolicyException malformed(String reason) {
    return new MalformedPolicyException(reason);
  }
}
