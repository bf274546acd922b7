package io.kdss.storage.format;

import io.kdss.cli.UserError;
import io.kdss.config.ByteSize;
import io.kdss.config.HostPort;
import io.kdss.storage.StorageException;
import io.kdss.storage.disk.SuperBlock;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kdss format DEVICE|FILE...}: makes devices (or files) KDSS disks of a cluster. The
 * cluster id comes from {@code --cluster-id} or from a master ({@code --master host:port},
 * read from its /health). Refuses, and says why, a device holding another filesystem or a
 * KDSS disk (of another cluster or not) unless {@code --force}.
 */
@Command(name = "format", mixinStandardHelpOptions = true,
    description = "Format block devices or files as KDSS disks (erases them).")
public final class FormatCommand implements Callable<Integer> {

  @Parameters(paramLabel = "DEVICE|FILE", arity = "1..*", description = "e.g. /dev/sdb, /dev/loop3, ./disk.img")
  List<Path> devices;

  @Option(names = "--cluster-id", paramLabel = "UUID", description = "The cluster the disks join.")
  String clusterId;

  @Option(names = "--master", paramLabel = "HOST:PORT", description = "Ask this master for the cluster id.")
  String master;

  @Option(names = "--node-id", paramLabel = "ID", description = "Node the disks belong to (default: this host's name).")
  String nodeId;

  @Option(names = "--segment-size", paramLabel = "SIZE", defaultValue = "256MiB",
      description = "Size of the log segments (default: ${DEFAULT-VALUE}); compaction frees whole segments.")
  String segmentSize;

  @Option(names = "--force", description = "Erase whatever is on the device (another filesystem, another KDSS disk).")
  boolean force;

  @Override
  public Integer call() throws Exception {
    UUID cluster = cluster();
    long seg = parseSegmentSize();
    String node = nodeId != null ? nodeId : InetAddress.getLocalHost().getHostName();
    PrintStream out = System.out;
    for (Path d : devices) {
      if (!Files.exists(d)) {
        throw new UserError(d + " does not exist (create a file first, e.g. truncate -s 16G " + d + ")");
      }
      if (Files.isDirectory(d)) {
        throw new UserError(d + " is a directory; give a block device or a file");
      }
      String[] last = {""};
      SuperBlock sb;
      try {
        sb = DiskFormatter.format(d, new DiskFormatter.Request(cluster, node, seg, force), line -> {
          out.print("\rkdss format: " + line + " ".repeat(Math.max(0, last[0].length() - line.length())));
          out.flush();
          last[0] = line;
        });
      } catch (StorageException.Refused e) {
        out.println();
        throw new UserError(e.getMessage());
      }
      out.println("\rkdss format: " + d + ": done, disk " + sb.diskId() + " of cluster " + cluster + " ("
          + ByteSize.format(sb.layout().dataBytes()) + " in " + sb.segmentCount() + " segments)"
          + " ".repeat(Math.max(0, last[0].length() - 40)));
    }
    return 0;
  }

  private long parseSegmentSize() {
    long seg;
    try {
      seg = ByteSize.parse(segmentSize);
    } catch (IllegalArgumentException e) {
      throw new UserError("--segment-size: " + e.getMessage());
    }
    if (seg < (1L << 20) || seg % 4096 != 0) {
      throw new UserError("--segment-size must be a multiple of 4KiB and at least 1MiB, was " + segmentSize);
    }
    return seg;
  }

  private UUID cluster() throws Exception {
    if (clusterId != null) {
      try {
        return UUID.fromString(clusterId);
      } catch (IllegalArgumentException e) {
        throw new UserError("--cluster-id '" + clusterId + "' is not a UUID");
      }
    }
    if (master == null) {
      throw new UserError("give the cluster: --cluster-id UUID, or --master HOST:PORT to ask a running master");
    }
    HostPort hp;
    try {
      hp = HostPort.parse(master, "--master");
    } catch (RuntimeException e) {
      throw new UserError(e.getMessage());
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + hp + "/health"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      String id = new JsonObject(r.body()).getJsonObject("components", new JsonObject())
          .getJsonObject("master", new JsonObject()).getString("clusterId");
      if (id == null) {
        throw new UserError("master " + hp + " did not report a cluster id (is it a KDSS master?)");
      }
      return UUID.fromString(id);
    } catch (java.io.IOException e) {
      throw new UserError("cannot reach master " + hp + ": " + e.getMessage());
    }
  }
}
