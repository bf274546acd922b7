package io.kdss.storage.heartbeat;

import io.kdss.proto.Order;
import io.kdss.proto.OrderResult;
import io.kdss.proto.ShardId;
import io.kdss.storage.disk.ShardKey;
import io.kdss.storage.repair.ShardRebuilder;
import io.kdss.storage.volume.Volume;
import io.kdss.storage.volume.VolumeSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Carries out the masters' orders on this node's disks: DeleteShards (one tombstone),
 * RepairShard (a {@link ShardRebuilder}). DrainDisk needs nothing from the node: the leader
 * moves the disk's shards with RepairShard orders to other nodes while this one keeps serving
 * reads, so the order is acknowledged when the disk is here.
 */
public final class OrderExecutor {

  private final VolumeSet volumes;
  private final ShardRebuilder rebuilder;

  public OrderExecutor(VolumeSet volumes, ShardRebuilder rebuilder) {
    this.volumes = volumes;
    this.rebuilder = rebuilder;
  }

  public CompletableFuture<OrderResult> execute(Order order) {
    return switch (order.getKindCase()) {
      case DELETE_SHARDS -> deleteShards(order);
      case REPAIR_SHARD -> rebuilder.execute(order);
      case DRAIN_DISK -> volume(order.getDrainDisk().getDiskId()) != null ? done(order, true, "")
          : done(order, false, "no disk " + order.getDrainDisk().getDiskId() + " on this node");
      case KIND_NOT_SET -> done(order, false, "empty order");
    };
  }

  private Volume volume(String diskId) {
    try {
      return volumes.volume(UUID.fromString(diskId));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private CompletableFuture<OrderResult> deleteShards(Order order) {
    Volume v = volume(order.getDeleteShards().getDiskId());
    if (v == null) {
      return done(order, false, "no disk " + order.getDeleteShards().getDiskId() + " on this node");
    }
    List<ShardKey> keys = new ArrayList<>();
    for (ShardId s : order.getDeleteShards().getShardsList()) {
      keys.add(new ShardKey(s.getStripeId(), s.getIndex()));
    }
    return v.log().delete(keys).handle((x, err) -> err == null ? result(order, true, "")
        : result(order, false, String.valueOf(err.getCause() != null ? err.getCause().getMessage() : err)));
  }

  private static CompletableFuture<OrderResult> done(Order order, boolean ok, String error) {
    return CompletableFuture.completedFuture(result(order, ok, error));
  }

  private static OrderResult result(Order order, boolean ok, String error) {
    return OrderResult.newBuilder().setOrderId(order.getOrderId()).setOk(ok).setError(error).build();
  }
}
