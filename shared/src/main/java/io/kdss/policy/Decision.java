package io.kdss.policy;

/** The outcome of evaluating a policy: an explicit Deny beats an Allow, which beats no match. */
public enum Decision {
  /** A matching Deny statement: refused whoever asks. */
  DENY,
  /** A matching Allow and no matching Deny. */
  ALLOW,
  /** No statement matched: the caller's own permissions decide (anonymous callers are refused). */
  IMPLICIT_DENY
}
