package io.kdss.cli;

import io.kdss.config.ConfigException;
import picocli.CommandLine;

/**
 * Turns a failed command into one clear line on stderr (what failed, what to fix) and an
 * exit code; a stack trace only with KDSS_DEBUG=1.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {

  static final int CONFIG_ERROR = 2;
  static final int FAILED = 1;

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    Throwable root = e;
    while (root.getCause() != null && !(root instanceof ConfigException) && !(root instanceof UserError)) {
      root = root.getCause();
    }
    String name = cli.getCommandName();
    if (root instanceof ConfigException) {
      cli.getErr().println("kdss " + name + ": " + root.getMessage());
      return CONFIG_ERROR;
    }
    cli.getErr().println("kdss " + name + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    if ("1".equals(System.getenv("KDSS_DEBUG"))) {
      e.printStackTrace(cli.getErr());
    }
    return root instanceof UserError ue ? ue.exitCode() : FAILED;
  }
}
