package io.kdss.client;

/** Fewer than k shards of a stripe could be read: its data cannot be returned. */
public final class StripeUnreadableException extends RuntimeException {

  public StripeUnreadableException(String message) {
    super(message);
  }
}
