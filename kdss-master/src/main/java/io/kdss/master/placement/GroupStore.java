package io.kdss.master.placement;

import io.kdss.master.lease.Fence;
import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.kdss.proto.GroupState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The {@code ec_groups} collection: {@code {_id, k, m, state, sealed, members:[{disk, node}],
 * bytes, createdMs, fence}}. Creation is an insert with a fresh id (any master may create a
 * group when none is OPEN); state changes are the leader's and fenced.
 */
public final class GroupStore {

  public static final String GROUP_IDS = "ec_groups";

  private final MetaStore store;

  public GroupStore(MetaStore store) {
    this.store = store;
  }

  public Future<ClusterView.Group> create(int k, int m, List<EcGroupAllocator.Candidate> members) {
    return store.nextId(GROUP_IDS).compose(id -> {
      JsonArray ms = new JsonArray();
      members.forEach(c -> ms.add(new JsonObject().put("disk", c.diskId()).put("node", c.nodeId())));
      JsonObject doc = new JsonObject().put("_id", id).put("k", k).put("m", m)
          .put("state", GroupState.GROUP_OPEN.name()).put("sealed", false).put("members", ms)
          .put("bytes", 0L).put("createdMs", System.currentTimeMillis());
      return store.client().insert(MetaCollections.EC_GROUPS, doc).map(x -> ClusterViewLoader.group(doc));
    });
  }

  public Future<ClusterView.Group> get(long id) {
    return store.client().findOne(MetaCollections.EC_GROUPS, new JsonObject().put("_id", id), null)
        .map(d -> d == null ? null : ClusterViewLoader.group(d));
  }

  /** Moves a group to {@code state} (sealing it for good when {@code seal}); false when fenced off. */
  public Future<Boolean> setState(long id, GroupState state, boolean seal, Fence fence) {
    JsonObject set = new JsonObject().put("state", state.name()).put("stateSince", System.currentTimeMillis());
    if (seal) {
      set.put("sealed", true);
    }
    return store.client().updateCollection(MetaCollections.EC_GROUPS, fence.guard(new JsonObject().put("_id", id)),
            new JsonObject().put("$set", fence.stamp(set)))
        .map(r -> r.getDocMatched() == 1);
  }

  /** Counts data written into a group (stripes recorded), which seals it at the size limit. */
  public Future<Void> addBytes(long id, long bytes) {
    return store.client().updateCollection(MetaCollections.EC_GROUPS, new JsonObject().put("_id", id),
        new JsonObject().put("$inc", new JsonObject().put("bytes", bytes))).mapEmpty();
  }
}
