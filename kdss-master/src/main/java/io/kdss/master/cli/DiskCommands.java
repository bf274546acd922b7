package io.kdss.master.cli;

import io.kdss.proto.DiskDrain;
import io.kdss.proto.DiskRef;
import io.kdss.proto.RepairAdminServiceGrpcClient;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kdss admin disk drain|undrain|status}. */
@Command(name = "disk", mixinStandardHelpOptions = true, description = "Drain disks before removing them.")
final class DiskCommands {

  @ParentCommand
  AdminCommand admin;

  @Command(name = "drain", mixinStandardHelpOptions = true,
      description = "Move every group membership off a disk (it keeps serving reads); remove it once 'groups left' is 0.")
  int drain(@Parameters(paramLabel = "DISK_ID") String disk) {
    return admin.run(c -> c.call(RepairAdminServiceGrpcClient.DrainDisk, ref(disk)), DiskCommands::print);
  }

  @Command(name = "undrain", mixinStandardHelpOptions = true, description = "Stop draining a disk.")
  int undrain(@Parameters(paramLabel = "DISK_ID") String disk) {
    return admin.run(c -> c.call(RepairAdminServiceGrpcClient.UndrainDisk, ref(disk)), DiskCommands::print);
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Where a disk's drain stands.")
  int status(@Parameters(paramLabel = "DISK_ID") String disk) {
    return admin.run(c -> c.call(RepairAdminServiceGrpcClient.GetDiskDrain, ref(disk)), DiskCommands::print);
  }

  private static DiskRef ref(String disk) {
    return DiskRef.newBuilder().setDiskId(disk).build();
  }

  static void print(DiskDrain d, PrintStream out) {
    out.printf("disk %s: %s, %d group(s) left, %d shard(s)%n", d.getDiskId(), d.getDraining() ? "draining" : "in service",
        d.getGroupsLeft(), d.getShards());
    if (d.getDraining() && d.getGroupsLeft() == 0) {
      out.println("the disk holds no group membership: it can be removed");
    }
  }
}
