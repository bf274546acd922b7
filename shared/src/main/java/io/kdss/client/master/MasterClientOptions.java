package io.kdss.client.master;

import java.util.ArrayList;
import java.util.List;

/** Settings of a {@link MasterClient}. Times in milliseconds. */
public final class MasterClientOptions {

  /** Deadline of one attempt at one master. */
  public static final long DEFAULT_CALL_TIMEOUT_MS = 10_000;
  /** How long a call keeps trying other masters before it fails. */
  public static final long DEFAULT_FAILOVER_DEADLINE_MS = 30_000;
  /** Pause after every master has been tried once, before the next round. */
  public static final long DEFAULT_ROUND_BACKOFF_MS = 200;

  private List<String> masters = new ArrayList<>();
  private long callTimeoutMs = DEFAULT_CALL_TIMEOUT_MS;
  private long failoverDeadlineMs = DEFAULT_FAILOVER_DEADLINE_MS;
  private long roundBackoffMs = DEFAULT_ROUND_BACKOFF_MS;

  public MasterClientOptions() {
  }

  public MasterClientOptions(MasterClientOptions other) {
    this.masters = new ArrayList<>(other.masters);
    this.callTimeoutMs = other.callTimeoutMs;
    this.failoverDeadlineMs = other.failoverDeadlineMs;
    this.roundBackoffMs = other.roundBackoffMs;
  }

  /** Every master as host:port (from the node config's {@code masters}). */
  public List<String> masters() {
    return masters;
  }

  public MasterClientOptions setMasters(List<String> masters) {
    this.masters = new ArrayList<>(masters);
    return this;
  }

  public long callTimeoutMs() {
    return callTimeoutMs;
  }

  public MasterClientOptions setCallTimeoutMs(long v) {
    this.callTimeoutMs = v;
    return this;
  }

  public long failoverDeadlineMs() {
    return failoverDeadlineMs;
  }

  public MasterClientOptions setFailoverDeadlineMs(long v) {
    this.failoverDeadlineMs = v;
    return this;
  }

  public long roundBackoffMs() {
    return roundBackoffMs;
  }

  public MasterClientOptions setRoundBackoffMs(long v) {
    this.roundBackoffMs = v;
    return this;
  }
}
