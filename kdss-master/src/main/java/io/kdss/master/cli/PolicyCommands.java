package io.kdss.master.cli;

import io.kdss.cli.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kdss admin policy set|get|delete}: bucket policies. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Set, show or delete a bucket policy.")
final class PolicyCommands {

  @ParentCommand
  AdminCommand admin;

  @Command(name = "set", mixinStandardHelpOptions = true, description = "Set a bucket's policy from a JSON file.")
  int set(@Parameters(paramLabel = "BUCKET") String bucket, @Parameters(paramLabel = "FILE") Path file) {
    String doc = readOptional(file);
    return admin.run(c -> c.setBucketPolicy(bucket, doc), (p, out) -> out.println("policy of " + p.getBucket() + " set"));
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Print a bucket's policy.")
  int get(@Parameters(paramLabel = "BUCKET") String bucket) {
    return admin.run(c -> c.bucketPolicy(bucket), (p, out) -> out.println(p.getPolicy()));
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a bucket's policy.")
  int delete(@Parameters(paramLabel = "BUCKET") String bucket) {
    return admin.run(c -> c.deleteBucketPolicy(bucket), (p, out) -> out.println("policy of " + p.getBucket() + " deleted"));
  }

  static String readOptional(Path file) {
    if (file == null) {
      return "";
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UserError("cannot read " + file + ": " + e.getMessage());
    }
  }
}
