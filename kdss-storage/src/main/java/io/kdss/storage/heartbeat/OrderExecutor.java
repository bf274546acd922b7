package io.kdss.storage.heartbeat;

import io.kdss.proto.Order;
import io.kdss.proto.OrderResult;
import io.kdss.proto.ShardId;
import io.kdss.storage.disk.ShardKey;
import io.kdss.storage.volume.Volume;
import io.kdss.storage.volume.VolumeSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Carries out the masters' orders on this node's disks. */
public final class OrderExecutor {

  private final VolumeSet volumes;

  public OrderExecutor(VolumeSet volumes) {
    this.volumes = volumes;
  }

  public CompletableFuture<OrderResult> execute(Order order) {
    return switch (order.getKindCase()) {
      case DELETE_SHARDS -> deleteShards(order);
      case REPAIR_SHARD, DRAIN_DISK -> done(order, false, order.getKindCase() + " is not supported yet by this storage node");
      case KIND_NOT_SET -> done(order, false, "empty order");
    };
  }

  private CompletableFuture<OrderResult> deleteShards(Order order) {
    Volume v;
    try {
      v = volumes.volume(UUID.fromString(order.getDeleteShards().getDiskId()));
    } catch (IllegalArgumentException e) {
      v = null;
    }
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
