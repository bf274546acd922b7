package io.kdss.master;

import io.kdss.proto.DiskReport;
import io.kdss.proto.Health;
import io.kdss.proto.HeartbeatServiceGrpcClient;
import io.kdss.proto.MasterReply;
import io.kdss.proto.NodeReport;
import io.kdss.proto.Order;
import io.kdss.proto.OrderResult;
import io.kdss.proto.ShardId;
import io.kdss.proto.VolumeState;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.WriteStream;
import io.vertx.grpc.client.GrpcClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A storage node for master tests: it speaks the real heartbeat protocol (a Beat stream to
 * every master over gRPC), keeps shards in memory instead of on disks, executes DeleteShards
 * orders (ignoring orders from an epoch older than the newest it saw) and reports results.
 */
final class SimulatedStorageNode implements AutoCloseable {

  final String id;
  final String rack;
  final List<String> disks = new ArrayList<>();
  final Map<String, Set<String>> shards = new ConcurrentHashMap<>();
  final Map<String, Health> health = new ConcurrentHashMap<>();
  final List<MasterReply> replies = new CopyOnWriteArrayList<>();
  final long capacity;
  private final Vertx vertx = Vertx.vertx();
  private final GrpcClient grpc = GrpcClient.client(vertx);
  private final List<WriteStream<NodeReport>> streams = new CopyOnWriteArrayList<>();
  private final List<OrderResult> results = new CopyOnWriteArrayList<>();
  private volatile boolean beating = true;
  private volatile long maxEpoch;
  private long sequence;

  SimulatedStorageNode(String id, String rack, int diskCount, long capacity) {
    this.id = id;
    this.rack = rack;
    this.capacity = capacity;
    for (int i = 0; i < diskCount; i++) {
      String d = id + "-disk-" + i;
      disks.add(d);
      shards.put(d, ConcurrentHashMap.newKeySet());
      health.put(d, Health.HEALTH_OK);
    }
  }

  /** Opens the streams and starts beating, all on one context of the node's Vert.x (as a verticle would). */
  SimulatedStorageNode connect(List<String> masters, long intervalMs) {
    vertx.getOrCreateContext().runOnContext(v -> open(masters, intervalMs));
    return this;
  }

  private void open(List<String> masters, long intervalMs) {
    for (String m : masters) {
      String[] hp = m.split(":");
      HeartbeatServiceGrpcClient client = HeartbeatServiceGrpcClient.create(grpc,
          SocketAddress.inetSocketAddress(Integer.parseInt(hp[1]), hp[0]));
      client.beat((WriteStream<NodeReport> out, Throwable err) -> {
        if (err == null) {
          streams.add(out);
        }
      }).onSuccess(in -> in.handler(this::onReply));
    }
    vertx.setPeriodic(intervalMs, t -> beat());
  }

  void pause() {
    beating = false;
  }

  void resume() {
    beating = true;
  }

  void addShard(String disk, long stripe, int index) {
    shards.get(disk).add(stripe + ":" + index);
  }

  boolean holds(String disk, long stripe, int index) {
    return shards.get(disk).contains(stripe + ":" + index);
  }

  int shardCount() {
    return shards.values().stream().mapToInt(Set::size).sum();
  }

  private void beat() {
    if (!beating) {
      return;
    }
    NodeReport.Builder r = NodeReport.newBuilder().setNodeId(id).setDataAddress("127.0.0.1:9" + Math.abs(id.hashCode() % 1000))
        .setRack(rack).addRoles("storage").setSequence(++sequence).setSentAtMs(System.currentTimeMillis())
        .setVersion("test");
    for (String d : disks) {
      long used = shards.get(d).size() * 4096L;
      r.addDisks(DiskReport.newBuilder().setDiskId(d).setPath("/sim/" + d).setCapacityBytes(capacity)
          .setUsedBytes(used).setFreeBytes(capacity - used).setHealth(health.get(d)).setDeviceHealth(Health.HEALTH_OK)
          .setIoHealth(Health.HEALTH_OK).setDataHealth(Health.HEALTH_OK).setState(VolumeState.VOLUME_ACTIVE)
          .setShardCount(shards.get(d).size()));
    }
    synchronized (results) {
      r.addAllResults(results);
      results.clear();
    }
    NodeReport report = r.build();
    streams.forEach(s -> s.write(report));
  }

  private void onReply(MasterReply reply) {
    replies.add(reply);
    if (reply.getOrdersCount() == 0) {
      return;
    }
    if (reply.getEpoch() < maxEpoch) {
      return;
    }
    maxEpoch = reply.getEpoch();
    for (Order o : reply.getOrdersList()) {
      boolean ok = false;
      String error = "";
      if (o.hasDeleteShards()) {
        Set<String> disk = shards.get(o.getDeleteShards().getDiskId());
        if (disk != null) {
          for (ShardId s : o.getDeleteShards().getShardsList()) {
            disk.remove(s.getStripeId() + ":" + s.getIndex());
          }
          ok = true;
        } else {
          error = "no such disk";
        }
      } else {
        error = "not supported";
      }
      synchronized (results) {
        results.add(OrderResult.newBuilder().setOrderId(o.getOrderId()).setOk(ok).setError(error).build());
      }
    }
  }

  @Override
  public void close() throws Exception {
    beating = false;
    MasterCluster.await(vertx.close());
  }
}
