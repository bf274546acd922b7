package io.kdss.config;

import java.util.List;

/**
 * Where the metadata lives: {@code uri: embedded} starts an in-process MongoDB-wire server
 * on loopback (dev, single machine, tests); any {@code mongodb://} URI is a real deployment,
 * normally a replica set, written with majority write concern.
 */
public final class MongoOptions {

  public static final String EMBEDDED = "embedded";
  public static final String DEFAULT_URI = EMBEDDED;
  /** Loopback port of the embedded server; 0 picks a free one. */
  public static final int DEFAULT_EMBEDDED_PORT = 27117;
  public static final String DEFAULT_DATABASE = "kdss";
  /** Write concern for real deployments. */
  public static final String DEFAULT_WRITE_CONCERN = "majority";

  private String uri = DEFAULT_URI;
  private int embeddedPort = DEFAULT_EMBEDDED_PORT;
  private String database = DEFAULT_DATABASE;
  private String writeConcern = DEFAULT_WRITE_CONCERN;

  public MongoOptions() {
  }

  public MongoOptions(MongoOptions other) {
    this.uri = other.uri;
    this.embeddedPort = other.embeddedPort;
    this.database = other.database;
    this.writeConcern = other.writeConcern;
  }

  public MongoOptions(ConfigSection s) {
    uri = s.string("uri", DEFAULT_URI).trim();
    if (!uri.equals(EMBEDDED) && !uri.startsWith("mongodb://") && !uri.startsWith("mongodb+srv://")) {
      throw new ConfigException(s.keyPath("uri"), "use 'embedded' or a mongodb:// connection string");
    }
    embeddedPort = s.port("embeddedPort", DEFAULT_EMBEDDED_PORT, true);
    database = s.string("database", DEFAULT_DATABASE);
    writeConcern = s.oneOf("writeConcern", DEFAULT_WRITE_CONCERN, List.of("majority", "1", "acknowledged"));
    s.finish();
  }

  public boolean embedded() {
    return EMBEDDED.equals(uri);
  }

  public String uri() {
    return uri;
  }

  public MongoOptions setUri(String uri) {
    this.uri = uri;
    return this;
  }

  public int embeddedPort() {
    return embeddedPort;
  }

  public MongoOptions setEmbeddedPort(int embeddedPort) {
    this.embeddedPort = embeddedPort;
    return this;
  }

  public String database() {
    return database;
  }

  public MongoOptions setDatabase(String database) {
    this.database = database;
    return this;
  }

  public String writeConcern() {
    return writeConcern;
  }

  public MongoOptions setWriteConcern(String writeConcern) {
    this.writeConcern = writeConcern;
    return this;
  }
}
