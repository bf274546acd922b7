package io.kdss.master.cli;

import io.kdss.proto.AccessKey;
import io.kdss.proto.User;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kdss admin user add|list|show|remove|policy}. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Add, list, show, remove users; set their permissions.")
final class UserCommands {

  @ParentCommand
  AdminCommand admin;

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a user (then: kdss admin key create NAME).")
  int add(@Parameters(paramLabel = "NAME") String name,
      @Option(names = "--admin", description = "May use every API and bucket, and kdss admin.") boolean isAdmin,
      @Option(names = "--policy", paramLabel = "FILE", description = "IAM-style identity policy (JSON).") Path policy) {
    String doc = PolicyCommands.readOptional(policy);
    return admin.run(c -> c.createUser(name, isAdmin, doc), (u, out) -> out.println("created user " + u.getName()
        + (u.getAdmin() ? " (admin)" : "")));
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
  int list() {
    return admin.run(c -> c.listUsers("", 1000), (r, out) -> {
      out.printf("%-32s %-6s %s%n", "USER", "ADMIN", "POLICY");
      for (User u : r.getUsersList()) {
        out.printf("%-32s %-6s %s%n", u.getName(), u.getAdmin() ? "yes" : "no", u.getPolicy().isEmpty() ? "-" : "set");
      }
      if (r.getTruncated()) {
        out.println("(more users not shown)");
      }
    });
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a user, its keys and policy.")
  int show(@Parameters(paramLabel = "NAME") String name) {
    return admin.run(c -> c.user(name), UserCommands::print);
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Delete a user and revoke its keys.")
  int remove(@Parameters(paramLabel = "NAME") String name) {
    return admin.run(c -> c.deleteUser(name), (u, out) -> out.println("removed user " + u.getName() + "; its keys are revoked"));
  }

  @Command(name = "policy", mixinStandardHelpOptions = true, description = "Set a user's identity policy or admin flag.")
  int policy(@Parameters(paramLabel = "NAME") String name,
      @Option(names = "--policy", paramLabel = "FILE", description = "IAM-style identity policy (JSON).") Path policy,
      @Option(names = "--clear", description = "Remove the identity policy.") boolean clear,
      @Option(names = "--admin", paramLabel = "true|false", arity = "1", description = "Grant or take admin rights.") Boolean isAdmin) {
    if (policy == null && !clear && isAdmin == null) {
      throw new io.kdss.cli.UserError("give --policy FILE, --clear or --admin true|false");
    }
    String doc = clear ? "" : PolicyCommands.readOptional(policy);
    return admin.run(c -> c.user(name).compose(u -> c.setUserPolicy(name, policy == null && !clear ? u.getPolicy() : doc, isAdmin)),
        UserCommands::print);
  }

  static void print(User u, PrintStream out) {
    out.println("user:   " + u.getName() + (u.getAdmin() ? " (admin)" : ""));
    out.println("policy: " + (u.getPolicy().isEmpty() ? "-" : u.getPolicy()));
    for (AccessKey k : u.getKeysList()) {
      out.println("key:    " + k.getAccessKeyId() + " " + KeyCommands.status(k));
    }
  }
}
