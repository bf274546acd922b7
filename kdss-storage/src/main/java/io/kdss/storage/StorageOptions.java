package io.kdss.storage;

import io.kdss.config.ConfigException;
import io.kdss.config.ConfigSection;
import io.kdss.config.NodeOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A storage node's settings ({@code storage:} in a node config). */
public final class StorageOptions {

  public static final String DEFAULT_HOST = "127.0.0.1";
  /** Port of the shard server and this node's /health and /metrics. */
  public static final int DEFAULT_PORT = 7200;
  /** Where the LMDB shard indexes live (meant for an SSD); relative to the data dir. */
  public static final String DEFAULT_INDEX_DIR = "index";
  /** Format blank disks at start (dev); production formats with {@code kdss format}. */
  public static final boolean DEFAULT_AUTO_FORMAT = false;

  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private Path indexDir;
  private boolean autoFormat = DEFAULT_AUTO_FORMAT;
  private List<DiskOptions> disks = new ArrayList<>();

  public StorageOptions() {
  }

  public StorageOptions(ConfigSection s, NodeOptions node) {
    host = s.string("host", DEFAULT_HOST);
    port = s.port("port", DEFAULT_PORT, true);
    indexDir = node.dataDir().resolve(s.string("indexDir", DEFAULT_INDEX_DIR));
    autoFormat = s.bool("autoFormat", DEFAULT_AUTO_FORMAT);
    boolean runs = node.runs("storage");
    for (ConfigSection d : s.sections("disks")) {
      disks.add(runs ? new DiskOptions(d, node.dataDir()) : new DiskOptions(node.dataDir(), 0));
    }
    s.finish();
    if (runs && disks.isEmpty()) {
      throw new ConfigException(s.keyPath("disks"), "a storage node needs at least one disk");
    }
  }

  public String host() {
    return host;
  }

  public StorageOptions setHost(String host) {
    this.host = host;
    return this;
  }

  public int port() {
    return port;
  }

  public StorageOptions setPort(int port) {
    this.port = port;
    return this;
  }

  public Path indexDir() {
    return indexDir;
  }

  public StorageOptions setIndexDir(Path indexDir) {
    this.indexDir = indexDir;
    return this;
  }

  public boolean autoFormat() {
    return autoFormat;
  }

  public StorageOptions setAutoFormat(boolean autoFormat) {
    this.autoFormat = autoFormat;
    return this;
  }

  public List<DiskOptions> disks() {
    return disks;
  }

  public StorageOptions setDisks(List<DiskOptions> disks) {
    this.disks = new ArrayList<>(disks);
    return this;
  }
}
