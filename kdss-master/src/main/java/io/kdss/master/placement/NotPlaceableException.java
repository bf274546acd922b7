package io.kdss.master.placement;

/** The cluster cannot place a group of the asked scheme; the message says why and what would fix it. */
public final class NotPlaceableException extends RuntimeException {

  public NotPlaceableException(String reason) {
    super(reason, null, false, false);
  }
}
