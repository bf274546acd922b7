package io.kdss.policy;

/** A statement's Effect. */
public enum Effect {
  Allow,
  Deny
}
