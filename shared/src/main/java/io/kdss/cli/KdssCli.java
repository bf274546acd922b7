package io.kdss.cli;

import io.kdss.node.BuildInfo;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kdss} command: one entry point for every node role and tool. */
@Command(name = "kdss",
    mixinStandardHelpOptions = true,
    versionProvider = KdssCli.Version.class,
    description = "KDSS: erasure-coded distributed storage on raw disks, with S3 and FUSE access.",
    subcommands = {DevCommand.class, StartCommand.class, VersionCommand.class})
public final class KdssCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command line; returns the exit code (tests call this instead of main). */
  public static int run(String... args) {
    CommandLine cli = commandLine();
    return cli.execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new KdssCli());
    for (CliExtension ext : ServiceLoader.load(CliExtension.class)) {
      cli.addSubcommand(ext.command());
    }
    cli.setExecutionExceptionHandler(new CliErrors());
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code kdss --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"kdss " + BuildInfo.version()};
    }
  }
}
