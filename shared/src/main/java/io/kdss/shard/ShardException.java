package io.kdss.shard;

/** A data-plane request that ended with a non-OK {@link ShardStatus}, with the server's message. */
public final class ShardException extends RuntimeException {

  private final ShardStatus status;

  public ShardException(ShardStatus status, String message) {
    super(status + (message == null || message.isEmpty() ? "" : ": " + message), null, false, false);
    this.status = status;
  }

  public ShardStatus status() {
    return status;
  }

  public static boolean is(Throwable t, ShardStatus status) {
    return t instanceof ShardException e && e.status == status;
  }
}
