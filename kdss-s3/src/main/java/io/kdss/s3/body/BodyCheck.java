package io.kdss.s3.body;

import io.vertx.core.buffer.Buffer;

/** Something computed over a body as it flows and checked once it ended (a digest, a length). */
public interface BodyCheck {

  void update(Buffer data);

  /** Throws an S3Exception when the body did not match what was declared. */
  void finish();
}
