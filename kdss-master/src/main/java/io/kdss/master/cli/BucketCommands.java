package io.kdss.master.cli;

import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code kdss admin bucket list}: every bucket with its owner. */
@Command(name = "bucket", mixinStandardHelpOptions = true, description = "List buckets.")
final class BucketCommands {

  @ParentCommand
  AdminCommand admin;

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List every bucket (name, owner, created, policy).")
  int list() {
    return admin.run(c -> c.listBuckets("", 1000), (reply, out) -> {
      out.printf("%-40s %-20s %-24s %s%n", "BUCKET", "OWNER", "CREATED", "POLICY");
      reply.getBucketsList().forEach(b -> out.printf("%-40s %-20s %-24s %s%n", b.getName(), b.getOwner(),
          Instant.ofEpochMilli(b.getCreatedMs()), b.getHasPolicy() ? "yes" : "-"));
      if (reply.getTruncated()) {
        out.println("(first " + reply.getBucketsCount() + " buckets shown)");
      }
    });
  }
}
