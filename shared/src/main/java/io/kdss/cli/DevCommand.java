package io.kdss.cli;

import io.kdss.config.ByteSize;
import io.kdss.config.YamlConfig;
import io.kdss.node.NodeRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kdss dev}: the whole cluster on one machine in one process: master, one storage node
 * with N file-backed disks, the S3 gateway, the dashboard and the embedded metadata store.
 * Its configuration is conf/dev.yaml (packed into the jar) with the options below applied.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
    description = "Run a whole single-machine cluster (embedded metadata, file-backed disks).")
final class DevCommand implements Callable<Integer> {

  static final String DEV_CONFIG_RESOURCE = "/kdss/dev.yaml";

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "./data",
      description = "Where metadata and disk images live (default: ${DEFAULT-VALUE}). Reused on restart.")
  Path data;

  @Option(names = "--disks", paramLabel = "N", defaultValue = "6",
      description = "Number of file-backed disks (default: ${DEFAULT-VALUE}).")
  int disks;

  @Option(names = "--disk-size", paramLabel = "SIZE", defaultValue = "16GiB",
      description = "Size of each disk image, sparse (default: ${DEFAULT-VALUE}).")
  String diskSize;

  @Option(names = "--fresh", description = "Delete the data dir first (all data in it is lost).")
  boolean fresh;

  @Override
  public Integer call() throws Exception {
    if (disks < 1 || disks > 64) {
      throw new UserError("--disks must be between 1 and 64, was " + disks);
    }
    long size;
    try {
      size = ByteSize.parse(diskSize);
    } catch (IllegalArgumentException e) {
      throw new UserError("--disk-size: " + e.getMessage());
    }
    Path dir = data.toAbsolutePath().normalize();
    if (fresh) {
      wipe(dir);
    }
    Files.createDirectories(dir);
    NodeRuntime runtime = NodeRuntime.configure(config(dir, disks, size));
    return ForegroundNode.run(runtime, "KDSS dev cluster is up (data in " + dir + "):", System.out);
  }

  /** conf/dev.yaml with the data dir and disk list of this invocation. */
  static Map<String, Object> config(Path dir, int disks, long diskSize) throws IOException {
    Map<String, Object> yaml;
    try (InputStream in = DevCommand.class.getResourceAsStream(DEV_CONFIG_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("dev config " + DEV_CONFIG_RESOURCE + " is missing from the build");
      }
      yaml = YamlConfig.parse(in, "conf/dev.yaml");
    }
    section(yaml, "node").put("dataDir", dir.toString());
    List<Object> list = new ArrayList<>();
    for (int i = 0; i < disks; i++) {
      Map<String, Object> disk = new LinkedHashMap<>();
      disk.put("path", dir.resolve("disks").resolve("disk-" + i + ".img").toString());
      disk.put("size", diskSize);
      list.add(disk);
    }
    section(yaml, "storage").put("disks", list);
    return yaml;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Map<String, Object> yaml, String key) {
    return (Map<String, Object>) yaml.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
  }

  /** Deletes a previous dev data dir, refusing anything that does not look like one. */
  private static void wipe(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    boolean looksLikeDev;
    try (Stream<Path> s = Files.list(dir)) {
      looksLikeDev = s.allMatch(p -> List.of("meta", "disks", "index", "credentials", "master.key", "logs")
          .contains(p.getFileName().toString()));
    }
    if (!looksLikeDev || dir.getParent() == null) {
      throw new UserError("--fresh refuses to delete " + dir + ": it holds files kdss dev did not create");
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    System.out.println("kdss dev: deleted " + dir);
  }
}
