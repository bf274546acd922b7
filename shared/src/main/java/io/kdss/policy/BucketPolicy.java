package io.kdss.policy;

import java.util.List;

/**
 * A parsed bucket policy, evaluated as AWS does: any applicable Deny statement decides DENY;
 * otherwise any applicable Allow decides ALLOW; otherwise IMPLICIT_DENY.
 */
public record BucketPolicy(String version, String id, List<Statement> statements) {

  public BucketPolicy {
    statements = List.copyOf(statements);
  }

  public Decision evaluate(PolicyRequest r) {
    boolean allowed = false;
    for (Statement s : statements) {
      if (s.applies(r)) {
        if (s.effect() == Effect.Deny) {
          return Decision.DENY;
        }
        allowed = true;
      }
    }
    return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
  }
}
