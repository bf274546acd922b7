package io.kdss.master.repair;

import io.kdss.master.admin.AdminEndpoint;
import io.kdss.master.placement.ClusterView;
import io.kdss.master.placement.ClusterViewCache;
import io.kdss.master.placement.ClusterViewLoader;
import io.kdss.master.placement.SchemePolicy;
import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.kdss.proto.DiskDrain;
import io.kdss.proto.DiskRef;
import io.kdss.proto.RepairAdminServiceGrpcService;
import io.kdss.proto.RepairStatus;
import io.kdss.proto.RepairStatusRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.StatusException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's repair controls ({@code RepairAdminService}, signed by an admin key like the
 * AdminService): drain and undrain a disk, a disk's drain progress, the repair status. A
 * drain is refused when the other usable disks could not take the disk's memberships.
 */
public final class RepairAdminEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(RepairAdminEndpoint.class);

  private final MetaStore store;
  private final ClusterViewCache views;
  private final SchemePolicy policy;
  private final RepairService repair;

  public RepairAdminEndpoint(MetaStore store, ClusterViewCache views, SchemePolicy policy, RepairService repair) {
    this.store = store;
    this.views = views;
    this.policy = policy;
    this.repair = repair;
  }

  public void bind(GrpcServer grpc, AdminEndpoint signed) {
    signed.on(grpc, RepairAdminServiceGrpcService.DrainDisk, this::drain);
    signed.on(grpc, RepairAdminServiceGrpcService.UndrainDisk, (DiskRef r) -> setDrain(r, false));
    signed.on(grpc, RepairAdminServiceGrpcService.GetDiskDrain, (DiskRef r) -> disk(r).map(d -> drainOf(views.view(), d)));
    signed.on(grpc, RepairAdminServiceGrpcService.GetRepairStatus, (RepairStatusRequest r) ->
        Future.<RepairStatus>succeededFuture(repair.status()));
  }

  private Future<DiskDrain> drain(DiskRef r) {
    return disk(r).compose(d -> {
      ClusterView view = views.view();
      int widest = view.groups().stream().filter(g -> Rebalancer.indexOf(g, d.id()) >= 0)
          .mapToInt(ClusterView.Group::width).max().orElse(0);
      long others = policy.candidates(view).stream().filter(c -> !c.diskId().equals(d.id())).count();
      if (widest > 0 && others < widest) {
        return Future.failedFuture(new StatusException(GrpcStatus.FAILED_PRECONDITION, "cannot drain disk " + d.id()
            + ": its groups are " + widest + " disks wide and only " + others + " other usable disks would be left;"
            + " add disks first"));
      }
      return setDrain(r, true);
    });
  }

  private Future<DiskDrain> setDrain(DiskRef r, boolean on) {
    return disk(r).compose(d -> {
      JsonObject update = on
          ? new JsonObject().put("$set", new JsonObject().put(ClusterViewLoader.DRAIN_FIELD, true)
              .put("drainSinceMs", System.currentTimeMillis()))
          : new JsonObject().put("$unset", new JsonObject().put(ClusterViewLoader.DRAIN_FIELD, "").put("drainSinceMs", ""));
      return store.client().updateCollection(MetaCollections.VOLUMES, new JsonObject().put("_id", d.id()), update)
          .compose(x -> views.refresh())
          .map(view -> {
            LOG.atInfo().addKeyValue("disk", d.id()).addKeyValue("draining", on).log(on ? "disk draining" : "disk drain stopped");
            return drainOf(view, d).toBuilder().setDraining(on).build();
          });
    });
  }

  private Future<ClusterView.Disk> disk(DiskRef r) {
    ClusterView.Disk d = views.view().disk(r.getDiskId());
    if (d == null) {
      return Future.failedFuture(new StatusException(GrpcStatus.NOT_FOUND, "no disk '" + r.getDiskId()
          + "' in this cluster (disk ids are UUIDs: see the dashboard or GetClusterStatus)"));
    }
    return Future.succeededFuture(d);
  }

  static DiskDrain drainOf(ClusterView view, ClusterView.Disk d) {
    ClusterView.Disk now = view.disk(d.id()) == null ? d : view.disk(d.id());
    long groups = view.groups().stream().filter(g -> Rebalancer.indexOf(g, d.id()) >= 0).count();
    return DiskDrain.newBuilder().setDiskId(d.id())
        .setDraining(now.state() == io.kdss.proto.VolumeState.VOLUME_DRAINING)
        .setGroupsLeft(groups).setShards(now.shardCount()).build();
  }
}
