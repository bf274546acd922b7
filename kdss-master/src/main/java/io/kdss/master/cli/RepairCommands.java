package io.kdss.master.cli;

import io.kdss.proto.RepairAdminServiceGrpcClient;
import io.kdss.proto.RepairStatus;
import io.kdss.proto.RepairStatusRequest;
import io.kdss.proto.RepairTask;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code kdss admin repair status}. */
@Command(name = "repair", mixinStandardHelpOptions = true, description = "Repairs, drains and rebalancing in progress.")
final class RepairCommands {

  @ParentCommand
  AdminCommand admin;

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Tasks in progress, backlog and estimated time to full redundancy.")
  int status() {
    return admin.run(c -> c.call(RepairAdminServiceGrpcClient.GetRepairStatus, RepairStatusRequest.getDefaultInstance()),
        RepairCommands::print);
  }

  static void print(RepairStatus s, PrintStream out) {
    out.printf("backlog %d shard(s), %.1f shards/s, full redundancy in %s; %d bad shard(s) waiting, %d group(s) waiting%n",
        s.getBacklogShards(), s.getShardsPerSec(), s.getEtaMs() < 0 ? "(unknown)" : (s.getEtaMs() / 1000) + " s",
        s.getBadShardsWaiting(), s.getGroupsWaiting());
    if (s.getTasksCount() > 0) {
      out.printf("%-8s %-10s %-8s %-6s %-38s %-38s %s%n", "GROUP", "KIND", "STATE", "MEMBER", "FROM", "TO", "STRIPES");
    }
    for (RepairTask t : s.getTasksList()) {
      out.printf("%-8d %-10s %-8s %-6d %-38s %-38s %d/%d%n", t.getGroupId(), t.getKind(), t.getState(),
          t.getMemberIndex(), t.getFromDisk(), t.getToDisk(), t.getStripesDone(), t.getStripesTotal());
    }
  }
}
