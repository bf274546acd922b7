package io.kdss.s3.policy;

/** A statement's Effect. */
public enum Effect {
  Allow,
  Deny
}
