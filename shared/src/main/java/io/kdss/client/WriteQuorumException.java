package io.kdss.client;

/** Too few shards of a stripe became durable, on every group tried: the write failed. */
public final class WriteQuorumException extends RuntimeException {

  public WriteQuorumException(String message) {
    super(message);
  }
}
