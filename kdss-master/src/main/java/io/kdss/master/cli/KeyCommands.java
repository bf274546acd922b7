package io.kdss.master.cli;

import io.kdss.proto.AccessKey;
import io.kdss.proto.AccessKeyStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kdss admin key create|revoke|list}. */
@Command(name = "key", mixinStandardHelpOptions = true, description = "Create, revoke and list access keys.")
final class KeyCommands {

  @ParentCommand
  AdminCommand admin;

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Make an access key for a user; the secret is shown once.")
  int create(@Parameters(paramLabel = "USER") String user) {
    return admin.run(c -> c.createKey(user), (k, out) -> {
      out.println("access key: " + k.getKey().getAccessKeyId());
      out.println("secret key: " + k.getSecretAccessKey());
      out.println("(the secret is not shown again)");
    });
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an access key (gateways stop accepting it within a minute).")
  int revoke(@Parameters(paramLabel = "ACCESS_KEY_ID") String id) {
    return admin.run(c -> c.revokeKey(id), (k, out) -> out.println("revoked " + k.getAccessKeyId() + " of user " + k.getUser()));
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List a user's access keys.")
  int list(@Parameters(paramLabel = "USER") String user) {
    return admin.run(c -> c.keys(user), (r, out) -> {
      out.printf("%-24s %s%n", "ACCESS KEY", "STATUS");
      for (AccessKey k : r.getKeysList()) {
        out.printf("%-24s %s%n", k.getAccessKeyId(), status(k));
      }
    });
  }

  static String status(AccessKey k) {
    return k.getStatus() == AccessKeyStatus.ACCESS_KEY_ACTIVE ? "active" : "revoked";
  }
}
