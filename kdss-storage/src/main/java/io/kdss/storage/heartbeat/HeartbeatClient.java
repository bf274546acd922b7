package io.kdss.storage.heartbeat;

import io.kdss.config.HostPort;
import io.kdss.proto.HeartbeatServiceGrpcClient;
import io.kdss.proto.MasterReply;
import io.kdss.proto.NodeReport;
import io.kdss.proto.OrderResult;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.WriteStream;
import io.vertx.grpc.client.GrpcClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one {@code HeartbeatService.Beat} stream open to every master: sends a
 * {@link NodeReport} each interval (the interval the masters ask for), reconnects with
 * exponential backoff, learns the cluster id from the replies and hands orders to an
 * {@link OrderExecutor}; their results ride on the next report to the master that sent them
 * (the leader that issued an order is the one waiting for it), or on any stream if that one
 * broke meanwhile.
 */
public final class HeartbeatClient {

  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatClient.class);
  private static final long DEFAULT_INTERVAL_MS = 1000;
  private static final long MIN_BACKOFF_MS = 250;
  private static final long MAX_BACKOFF_MS = 10_000;

  private final Vertx vertx;
  private final GrpcClient grpc;
  private final Supplier<NodeReport.Builder> reports;
  private final OrderExecutor orders;
  private final CompletableFuture<UUID> clusterId = new CompletableFuture<>();
  private final ConcurrentLinkedQueue<OrderResult> results = new ConcurrentLinkedQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong highestEpoch = new AtomicLong();
  private final List<MasterStream> streams = new ArrayList<>();
  private volatile boolean stopped;

  public HeartbeatClient(Vertx vertx, List<String> masters, Supplier<NodeReport.Builder> reports, OrderExecutor orders) {
    this.vertx = vertx;
    this.grpc = GrpcClient.client(vertx);
    this.reports = reports;
    this.orders = orders;
    for (String m : masters) {
      streams.add(new MasterStream(HostPort.parse(m, "masters")));
    }
  }

  public void start() {
    streams.forEach(MasterStream::connect);
  }

  /** Completes with the cluster id of the first master reply. */
  public CompletableFuture<UUID> clusterId() {
    return clusterId;
  }

  /** Masters with an open stream that answered at least once. */
  public long connectedMasters() {
    return streams.stream().filter(s -> s.answered).count();
  }

  public void stop() {
    stopped = true;
    streams.forEach(MasterStream::close);
    grpc.close();
  }

  private void onReply(MasterStream from, MasterReply r) {
    if (!r.getClusterId().isEmpty() && !clusterId.isDone()) {
      try {
        clusterId.complete(UUID.fromString(r.getClusterId()));
      } catch (IllegalArgumentException e) {
        LOG.atWarn().addKeyValue("clusterId", r.getClusterId()).log("master sent a cluster id that is not a UUID");
      }
    }
    if (r.getOrdersCount() == 0) {
      return;
    }
    if (r.getEpoch() < highestEpoch.get()) {
      LOG.atWarn().addKeyValue("master", r.getMasterId()).addKeyValue("epoch", r.getEpoch())
          .log("ignoring orders from an older leader epoch");
      return;
    }
    highestEpoch.accumulateAndGet(r.getEpoch(), Math::max);
    r.getOrdersList().forEach(o -> orders.execute(o).whenComplete((res, err) -> from.answer(err == null ? res
        : OrderResult.newBuilder().setOrderId(o.getOrderId()).setOk(false).setError(String.valueOf(err)).build())));
  }

  /** The stream to one master. */
  private final class MasterStream {
    private final HostPort address;
    /** Results of orders this master sent: they go back to it (only the leader that sent an order waits for it). */
    private final ConcurrentLinkedQueue<OrderResult> answers = new ConcurrentLinkedQueue<>();
    private volatile WriteStream<NodeReport> out;
    private long timer = -1;
    private long intervalMs = DEFAULT_INTERVAL_MS;
    private long backoffMs = MIN_BACKOFF_MS;
    private volatile boolean answered;

    MasterStream(HostPort address) {
      this.address = address;
    }

    void connect() {
      if (stopped) {
        return;
      }
      HeartbeatServiceGrpcClient client = HeartbeatServiceGrpcClient.create(grpc,
          SocketAddress.inetSocketAddress(address.port(), address.host()));
      client.beat((stream, err) -> {
        if (err == null) {
          out = stream;
          send();
        }
      }).onComplete(ar -> {
        if (ar.failed()) {
          retry(ar.cause());
          return;
        }
        ar.result().handler(reply -> {
          answered = true;
          backoffMs = MIN_BACKOFF_MS;
          if (reply.getHeartbeatIntervalMs() > 0 && reply.getHeartbeatIntervalMs() != intervalMs) {
            intervalMs = reply.getHeartbeatIntervalMs();
          }
          onReply(this, reply);
        });
        ar.result().exceptionHandler(this::retry);
        ar.result().endHandler(v -> retry(new IllegalStateException("master ended the stream")));
      });
    }

    private void send() {
      if (stopped || out == null) {
        return;
      }
      NodeReport.Builder b = reports.get().setSequence(sequence.incrementAndGet()).setSentAtMs(System.currentTimeMillis());
      OrderResult r;
      while ((r = answers.poll()) != null) {
        b.addResults(r);
      }
      while ((r = results.poll()) != null) {
        b.addResults(r);
      }
      out.write(b.build());
      timer = vertx.setTimer(intervalMs, t -> send());
    }

    /** Queues a result for this master, or for whichever stream reports next when this one is down. */
    void answer(OrderResult r) {
      (out != null ? answers : results).add(r);
    }

    private void retry(Throwable cause) {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
      out = null;
      OrderResult r;
      while ((r = answers.poll()) != null) {
        results.add(r);
      }
      if (stopped) {
        return;
      }
      if (answered || backoffMs >= MAX_BACKOFF_MS) {
        LOG.atWarn().addKeyValue("master", address).addKeyValue("error", String.valueOf(cause.getMessage()))
            .addKeyValue("retryMs", backoffMs).log("heartbeat stream lost");
      }
      answered = false;
      long delay = backoffMs;
      backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
      vertx.setTimer(delay, t -> connect());
    }

    void close() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      if (out != null) {
        out.end();
      }
    }
  }
}
