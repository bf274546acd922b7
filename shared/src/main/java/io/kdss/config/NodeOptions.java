package io.kdss.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The node-wide part of a configuration: who this node is, where it keeps its files,
 * which roles it runs, where the masters and the metadata store are.
 *
 * <pre>
 * node:    { id, host, dataDir, rack }
 * roles:   [master, storage, s3, dashboard]
 * masters: [host:port, ...]
 * mongo:   { uri, port, database }
 * </pre>
 */
public final class NodeOptions {

  /** Address other nodes and clients reach this node at. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final String DEFAULT_DATA_DIR = "./data";
  public static final String DEFAULT_RACK = "default";
  public static final List<String> KNOWN_ROLES = List.of("master", "storage", "s3", "fuse", "dashboard");

  private String id;
  private String host = DEFAULT_HOST;
  private Path dataDir = Path.of(DEFAULT_DATA_DIR);
  private String rack = DEFAULT_RACK;
  private List<String> roles = new ArrayList<>();
  private List<String> masters = new ArrayList<>();
  private MongoOptions mongo = new MongoOptions();

  public NodeOptions() {
  }

  /** Reads {@code node}, {@code roles}, {@code masters} and {@code mongo} from the root section. */
  public NodeOptions(ConfigSection root) {
    ConfigSection node = root.section("node");
    host = node.string("host", DEFAULT_HOST);
    id = node.string("id", host);
    dataDir = Path.of(node.string("dataDir", DEFAULT_DATA_DIR));
    rack = node.string("rack", DEFAULT_RACK);
    node.finish();
    roles = new ArrayList<>(root.strings("roles", List.of()));
    if (roles.isEmpty()) {
      throw new ConfigException("roles", "list at least one role of " + KNOWN_ROLES);
    }
    for (int i = 0; i < roles.size(); i++) {
      if (!KNOWN_ROLES.contains(roles.get(i))) {
        throw new ConfigException("roles[" + i + "]", "'" + roles.get(i) + "' is not a role; roles are " + KNOWN_ROLES);
      }
    }
    masters = new ArrayList<>(root.strings("masters", List.of()));
    for (int i = 0; i < masters.size(); i++) {
      HostPort.parse(masters.get(i), "masters[" + i + "]");
    }
    mongo = new MongoOptions(root.section("mongo"));
    if (masters.isEmpty() && !roles.contains("master")) {
      throw new ConfigException("masters", "list the masters (host:port) this node reports to");
    }
  }

  public String id() {
    return id;
  }

  public NodeOptions setId(String id) {
    this.id = id;
    return this;
  }

  public String host() {
    return host;
  }

  public NodeOptions setHost(String host) {
    this.host = host;
    return this;
  }

  public Path dataDir() {
    return dataDir;
  }

  public NodeOptions setDataDir(Path dataDir) {
    this.dataDir = dataDir;
    return this;
  }

  public String rack() {
    return rack;
  }

  public NodeOptions setRack(String rack) {
    this.rack = rack;
    return this;
  }

  public List<String> roles() {
    return roles;
  }

  public NodeOptions setRoles(List<String> roles) {
    this.roles = new ArrayList<>(roles);
    return this;
  }

  public boolean runs(String role) {
    return roles.contains(role);
  }

  /** Masters as host:port; empty means "this node's own master". */
  public List<String> masters() {
    return masters;
  }

  public NodeOptions setMasters(List<String> masters) {
    this.masters = new ArrayList<>(masters);
    return this;
  }

  public MongoOptions mongo() {
    return mongo;
  }

  public NodeOptions setMongo(MongoOptions mongo) {
    this.mongo = mongo;
    return this;
  }
}
