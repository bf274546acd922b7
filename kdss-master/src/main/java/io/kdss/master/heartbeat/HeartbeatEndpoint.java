package io.kdss.master.heartbeat;

import io.kdss.master.MasterOptions;
import io.kdss.master.lease.LeaderLease;
import io.kdss.proto.HeartbeatServiceGrpcService;
import io.kdss.proto.MasterReply;
import io.kdss.proto.NodeReport;
import io.kdss.proto.OrderResult;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives storage nodes' heartbeat streams (every master does, so each has a live view).
 * Each report is recorded ({@link NodeRegistry}) and answered with the cluster id the node's
 * disks belong to, whether this master leads and its epoch (nodes ignore orders from an
 * older epoch), and, on the leader only, the orders waiting for that node. Order results in
 * the report go to whoever issued the order.
 */
public final class HeartbeatEndpoint extends HeartbeatServiceGrpcService {

  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatEndpoint.class);

  private final String masterId;
  private final MasterOptions options;
  private final String clusterId;
  private final NodeRegistry registry;
  private final LeaderLease lease;
  private final OrderOutbox outbox;

  public HeartbeatEndpoint(String masterId, MasterOptions options, String clusterId, NodeRegistry registry,
      LeaderLease lease, OrderOutbox outbox) {
    this.masterId = masterId;
    this.options = options;
    this.clusterId = clusterId;
    this.registry = registry;
    this.lease = lease;
    this.outbox = outbox;
  }

  @Override
  protected void beat(ReadStream<NodeReport> reports, WriteStream<MasterReply> replies) {
    reports.handler(report -> {
      if (report.getNodeId().isEmpty()) {
        LOG.atWarn().log("heartbeat without node_id ignored");
        return;
      }
      for (OrderResult r : report.getResultsList()) {
        outbox.complete(r);
      }
      registry.record(report).onComplete(ar -> {
        if (ar.failed()) {
          LOG.atWarn().addKeyValue("node", report.getNodeId()).setCause(ar.cause()).log("heartbeat not recorded");
        }
        boolean leader = lease.isLeader();
        MasterReply.Builder reply = MasterReply.newBuilder()
            .setMasterId(masterId)
            .setLeader(leader)
            .setEpoch(leader ? lease.epoch() : lease.lastEpochSeen())
            .setLeaderId(lease.leaderId())
            .setAckSequence(report.getSequence())
            .setHeartbeatIntervalMs(options.heartbeatIntervalMs())
            .setClusterId(clusterId);
        if (leader) {
          reply.addAllOrders(outbox.drain(report.getNodeId()));
        }
        replies.write(reply.build());
      });
    });
    reports.exceptionHandler(err -> LOG.atDebug().setCause(err).log("heartbeat stream failed"));
    reports.endHandler(v -> replies.end());
  }
}
