package io.kdss.master.heartbeat;

import io.kdss.master.MasterOptions;
import io.kdss.meta.MetaCollections;
import io.kdss.node.RoleContext;
import io.kdss.proto.HeartbeatServiceGrpcService;
import io.kdss.proto.MasterReply;
import io.kdss.proto.NodeReport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.mongo.UpdateOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives storage nodes' heartbeat streams: each report upserts the node's document;
 * each reply acknowledges it and carries the cluster id the node's disks belong to.
 */
public final class HeartbeatEndpoint extends HeartbeatServiceGrpcService {

  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatEndpoint.class);

  private final RoleContext ctx;
  private final MasterOptions options;
  private final String clusterId;

  public HeartbeatEndpoint(RoleContext ctx, MasterOptions options, String clusterId) {
    this.ctx = ctx;
    this.options = options;
    this.clusterId = clusterId;
  }

  @Override
  protected void beat(ReadStream<NodeReport> reports, WriteStream<MasterReply> replies) {
    reports.handler(report -> record(report).onComplete(ar -> {
      if (ar.failed()) {
        LOG.atWarn().addKeyValue("node", report.getNodeId()).setCause(ar.cause()).log("heartbeat not recorded");
      }
      replies.write(MasterReply.newBuilder()
          .setMasterId(ctx.node().id())
          .setAckSequence(report.getSequence())
          .setHeartbeatIntervalMs(options.heartbeatIntervalMs())
          .setClusterId(clusterId)
          .build());
    }));
    reports.endHandler(v -> replies.end());
  }

  private io.vertx.core.Future<Void> record(NodeReport report) {
    JsonArray disks = new JsonArray();
    report.getDisksList().forEach(d -> disks.add(new JsonObject().put("diskId", d.getDiskId())
        .put("capacity", d.getCapacityBytes()).put("used", d.getUsedBytes())));
    JsonObject set = new JsonObject()
        .put("address", report.getDataAddress())
        .put("rack", report.getRack())
        .put("roles", new JsonArray(report.getRolesList()))
        .put("state", "UP")
        .put("lastHeartbeat", System.currentTimeMillis())
        .put("disks", disks);
    return ctx.metaStore().client().updateCollectionWithOptions(MetaCollections.NODES,
            new JsonObject().put("_id", report.getNodeId()), new JsonObject().put("$set", set),
            new UpdateOptions().setUpsert(true))
        .mapEmpty();
  }
}
