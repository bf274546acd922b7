package io.kdss.policy;

/**
 * A policy document the AWS grammar refuses, with the reason (S3 answers it as MalformedPolicy,
 * the admin API as INVALID_ARGUMENT "MalformedPolicy: reason").
 */
public final class MalformedPolicyException extends RuntimeException {

  /** S3's message when the document is not even a JSON object. */
  public static final String NOT_JSON = "Policies must be valid JSON and the first byte must be '{'";

  public MalformedPolicyException(String reason) {
    super(reason);
  }
}
