package io.kdss.shard;

/** Settings of a {@link ShardClient}. Times in milliseconds. */
public final class ShardClientOptions {

  /** TCP connections kept per storage node; requests are pipelined on each. */
  public static final int DEFAULT_CONNECTIONS_PER_NODE = 4;
  public static final int DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
  /** A request without an answer after this fails with UNAVAILABLE. */
  public static final int DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

  private int connectionsPerNode = DEFAULT_CONNECTIONS_PER_NODE;
  private int connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
  private int requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS;

  public int connectionsPerNode() {
    return connectionsPerNode;
  }

  public ShardClientOptions setConnectionsPerNode(int v) {
    this.connectionsPerNode = v;
    return this;
  }

  public int connectTimeoutMs() {
    return connectTimeoutMs;
  }

  public ShardClientOptions setConnectTimeoutMs(int v) {
    this.connectTimeoutMs = v;
    return this;
  }

  public int requestTimeoutMs() {
    return requestTimeoutMs;
  }

  public ShardClientOptions setRequestTimeoutMs(int v) {
    this.requestTimeoutMs = v;
    return this;
  }
}
