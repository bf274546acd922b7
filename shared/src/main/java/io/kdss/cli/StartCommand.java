package io.kdss.cli;

import io.kdss.config.YamlConfig;
import io.kdss.node.NodeRuntime;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "start", mixinStandardHelpOptions = true,
    description = "Run one node with the roles its config lists (conf/*.yaml).")
final class StartCommand implements Callable<Integer> {

  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
      description = "Node configuration, e.g. conf/storage.yaml.")
  Path config;

  @Option(names = "--check", description = "Validate the configuration and exit.")
  boolean check;

  @Override
  public Integer call() throws Exception {
    NodeRuntime runtime = NodeRuntime.configure(YamlConfig.load(config));
    if (check) {
      System.out.println(config + ": OK (node " + runtime.node().id() + ", roles " + runtime.node().roles() + ")");
      return 0;
    }
    return ForegroundNode.run(runtime, "KDSS node " + runtime.node().id() + " is up:", System.out);
  }
}
