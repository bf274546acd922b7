package io.kdss.cli;

/** A command refused for a reason the user can fix; the message says how. No stack trace. */
public class UserError extends RuntimeException {

  private final int exitCode;

  public UserError(String message) {
    this(message, 2);
  }

  public UserError(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
