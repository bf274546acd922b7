package io.kdss.master.admin;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** First-line check of a bucket policy document stored through the admin API. */
public final class PolicyDocuments {

  /** AWS's limit on a bucket policy's size. */
  public static final int MAX_BYTES = 20 * 1024;

  private PolicyDocuments() {
  }

  /** Why {@code json} is not a policy document, or null when it is acceptable. */
  public static String problem(String json) {
    if (json == null || json.isBlank()) {
      return "the policy is empty";
    }
    if (json.length() > MAX_BYTES) {
      return "policies are limited to " + MAX_BYTES + " bytes";
    }
    JsonObject doc;
    try {
      doc = new JsonObject(json);
    } catch (DecodeException e) {
      return "not valid JSON: " + e.getMessage();
    }
    Object statements = doc.getValue("Statement");
    if (statements == null) {
      return "missing required field Statement";
    }
    return null;
  }
}
