package io.kdss.s3.backend;

/**
 * Per-bucket documents the gateway stores verbatim and interprets itself, so the backend needs
 * no knowledge of their grammar: the policy (JSON), the CORS configuration and the bucket tag
 * set (XML as the client sent it, after the gateway validated it).
 */
public enum BucketConfig {
  POLICY,
  CORS,
  TAGGING
}
