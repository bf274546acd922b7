package io.kdss.cli;

import io.kdss.node.BuildInfo;
import picocli.CommandLine.Command;

@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the KDSS version and runtime.")
final class VersionCommand implements Runnable {

  @Override
  public void run() {
    System.out.println("kdss " + BuildInfo.version());
    System.out.println("java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
  }
}
