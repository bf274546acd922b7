package io.kdss.s3.body;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.List;

/**
 * Passes the body through unchanged while feeding every {@link BodyCheck}; at the end runs
 * their checks before the end reaches the reader, so a mismatch fails the stream and the
 * backend never commits a body that did not match its declared digests or length.
 */
public final class CheckingStage extends BodyStage {

  private final List<BodyCheck> checks;

  public CheckingStage(ReadStream<Buffer> upstream, List<BodyCheck> checks) {
    super(upstream);
    this.checks = List.copyOf(checks);
  }

  @Override
  protected void onData(Buffer in) {
    for (BodyCheck c : checks) {
      c.update(in);
    }
    emit(in);
  }

  @Override
  protected void onEnd() {
    for (BodyCheck c : checks) {
      c.finish();
    }
  }
}
