package io.kdss.master.repair;

import io.kdss.master.lease.Fence;
import io.kdss.master.placement.ClusterView;
import io.kdss.meta.MetaCollections;
import io.kdss.proto.GroupState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

/**
 * The group-side writes of a task, each one fenced single-document update of
 * {@code ec_groups}: marking a group REPAIRING (and sealed: no new stripes while its member
 * moves), replacing member i (conditioned on member i still being the old disk, so it
 * applies once), and giving an abandoned group its state back.
 */
final class MemberSwap {

  private final MongoClient mongo;

  MemberSwap(MongoClient mongo) {
    this.mongo = mongo;
  }

  Future<Boolean> markRepairing(long groupId, Fence fence) {
    JsonObject set = new JsonObject().put("state", GroupState.GROUP_REPAIRING.name()).put("sealed", true)
        .put("stateSince", System.currentTimeMillis());
    return mongo.updateCollection(MetaCollections.EC_GROUPS, fence.guard(new JsonObject().put("_id", groupId)),
        new JsonObject().put("$set", fence.stamp(set))).map(r -> r.getDocMatched() == 1);
  }

  /**
   * Member {@code task.member} becomes {@code task.to}. True when it is (now or already);
   * false when the group's member is neither the old nor the new disk (someone else moved it).
   */
  Future<Boolean> apply(RepairTask task, ClusterView view, ClusterView.Group group, Fence fence) {
    return mongo.findOne(MetaCollections.EC_GROUPS, new JsonObject().put("_id", group.id()), null).compose(doc -> {
      if (doc == null) {
        return Future.succeededFuture(false);
      }
      JsonArray members = doc.getJsonArray("members", new JsonArray());
      String current = members.getJsonObject(task.member()).getString("disk");
      if (task.to().equals(current)) {
        return Future.succeededFuture(true);
      }
      if (!task.from().equals(current)) {
        return Future.succeededFuture(false);
      }
      JsonArray next = members.copy();
      next.set(task.member(), new JsonObject().put("disk", task.to()).put("node", task.toNode()));
      ClusterView.Group after = new ClusterView.Group(group.id(), group.k(), group.m(), group.state(), true,
          next.stream().map(o -> new ClusterView.Member(((JsonObject) o).getString("disk"),
              ((JsonObject) o).getString("node"))).toList(), group.bytes(), group.createdMs());
      JsonObject set = new JsonObject().put("members", next).put("sealed", true).put("state", settled(view, after).name())
          .put("stateSince", System.currentTimeMillis());
      JsonObject query = fence.guard(new JsonObject().put("_id", group.id())
          .put("members." + task.member() + ".disk", task.from()));
      return mongo.updateCollection(MetaCollections.EC_GROUPS, query, new JsonObject().put("$set", fence.stamp(set)))
          .map(r -> r.getDocMatched() == 1);
    });
  }

  /** Back from REPAIRING when a task is dropped (the view may not show REPAIRING yet): DEGRADED while a member is unavailable, else SEALED. */
  Future<Void> restoreState(ClusterView view, ClusterView.Group group, Fence fence) {
    JsonObject set = new JsonObject().put("state", settled(view, group).name()).put("stateSince", System.currentTimeMillis());
    return mongo.updateCollection(MetaCollections.EC_GROUPS, fence.guard(new JsonObject().put("_id", group.id())),
        new JsonObject().put("$set", fence.stamp(set))).mapEmpty();
  }

  /** A sealed group's state once no task runs on it. */
  static GroupState settled(ClusterView view, ClusterView.Group g) {
    return g.members().stream().allMatch(view::memberAvailable) ? GroupState.GROUP_SEALED : GroupState.GROUP_DEGRADED;
  }
}
