package io.kdss.master.repair;

import io.kdss.master.lease.Fence;
import io.kdss.meta.MetaStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;

/**
 * The {@code repairs} collection (see {@link RepairTask}). A task is created by an insert
 * keyed by the group id (one task per group, whoever races); every later change is
 * conditioned on the leader's fence, so a deposed leader cannot move a task the new one owns.
 */
public final class RepairTaskStore {

  public static final String COLLECTION = "repairs";

  private final MongoClient mongo;

  public RepairTaskStore(MetaStore store) {
    this.mongo = store.client();
  }

  public Future<List<RepairTask>> all() {
    return mongo.find(COLLECTION, new JsonObject()).map(docs -> docs.stream().map(RepairTask::fromJson).toList());
  }

  /** Records a new task; false when the group already has one. */
  public Future<Boolean> create(RepairTask task) {
    return mongo.insert(COLLECTION, task.toJson()).map(id -> true)
        .recover(e -> MetaStore.isDuplicateKey(e) ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  /** Writes the task's state and progress; false when a newer leader owns the document (or it is gone). */
  public Future<Boolean> save(RepairTask task, Fence fence) {
    JsonObject set = task.toJson();
    set.remove("_id");
    return mongo.updateCollection(COLLECTION, fence.guard(new JsonObject().put("_id", task.groupId())),
        new JsonObject().put("$set", fence.stamp(set))).map(r -> r.getDocMatched() == 1);
  }

  public Future<Boolean> remove(long groupId, Fence fence) {
    return mongo.removeDocuments(COLLECTION, fence.guard(new JsonObject().put("_id", groupId)))
        .map(r -> r != null && r.getRemovedCount() == 1);
  }
}
