package io.kdss.master.cli;

import io.kdss.cli.CliExtension;

/** Registers {@code kdss admin} with the launcher. */
public final class AdminCli implements CliExtension {

  @Override
  public Object command() {
    return new AdminCommand();
  }
}
