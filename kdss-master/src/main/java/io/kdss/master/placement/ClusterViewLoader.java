package io.kdss.master.placement;

import io.kdss.meta.MetaCollections;
import io.kdss.proto.GroupState;
import io.kdss.proto.Health;
import io.kdss.proto.NodeState;
import io.kdss.proto.VolumeState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code nodes}, {@code volumes} and {@code ec_groups} into a {@link ClusterView}. */
public final class ClusterViewLoader {

  /**
   * The operator's drain flag on a volume document ({@code kdss admin disk drain}), kept apart
   * from the {@code state} its node reports; the view shows such a disk as DRAINING.
   */
  public static final String DRAIN_FIELD = "drain";

  private final MongoClient mongo;

  public ClusterViewLoader(MongoClient mongo) {
    this.mongo = mongo;
  }

  public Future<ClusterView> load() {
    Future<List<JsonObject>> nodes = mongo.find(MetaCollections.NODES, new JsonObject());
    Future<List<JsonObject>> volumes = mongo.find(MetaCollections.VOLUMES, new JsonObject());
    Future<List<JsonObject>> groups = mongo.find(MetaCollections.EC_GROUPS, new JsonObject());
    return Future.all(nodes, volumes, groups).map(all -> {
      Map<String, ClusterView.Node> n = new LinkedHashMap<>();
      for (JsonObject d : nodes.result()) {
        n.put(d.getString("_id"), node(d));
      }
      Map<String, ClusterView.Disk> v = new LinkedHashMap<>();
      for (JsonObject d : volumes.result()) {
        v.put(d.getString("_id"), disk(d));
      }
      List<ClusterView.Group> g = new ArrayList<>();
      for (JsonObject d : groups.result()) {
        g.add(group(d));
      }
      return new ClusterView(System.currentTimeMillis(), Map.copyOf(n), Map.copyOf(v), List.copyOf(g));
    });
  }

  static ClusterView.Node node(JsonObject d) {
    List<String> roles = new ArrayList<>();
    d.getJsonArray("roles", new JsonArray()).forEach(r -> roles.add(String.valueOf(r)));
    return new ClusterView.Node(d.getString("_id"), d.getString("address", ""), d.getString("rack", ""),
        enumOf(NodeState.class, d.getString("state"), NodeState.NODE_STATE_UNKNOWN),
        d.getLong("lastHeartbeat", 0L), List.copyOf(roles));
  }

  static ClusterView.Disk disk(JsonObject d) {
    VolumeState state = enumOf(VolumeState.class, d.getString("state"), VolumeState.VOLUME_STATE_UNKNOWN);
    if (d.getBoolean(DRAIN_FIELD, false) && (state == VolumeState.VOLUME_ACTIVE || state == VolumeState.VOLUME_READONLY)) {
      state = VolumeState.VOLUME_DRAINING;
    }
    return new ClusterView.Disk(d.getString("_id"), d.getString("nodeId", ""), d.getString("path", ""),
        d.getLong("capacity", 0L), d.getLong("used", 0L), d.getLong("garbage", 0L), d.getLong("free", 0L),
        enumOf(Health.class, d.getString("health"), Health.HEALTH_UNKNOWN), state,
        d.getLong("shardCount", 0L), d.getLong("reportedMs", 0L));
  }

  public static ClusterView.Group group(JsonObject d) {
    List<ClusterView.Member> members = new ArrayList<>();
    for (Object o : d.getJsonArray("members", new JsonArray())) {
      JsonObject m = (JsonObject) o;
      members.add(new ClusterView.Member(m.getString("disk"), m.getString("node")));
    }
    return new ClusterView.Group(d.getLong("_id"), d.getInteger("k"), d.getInteger("m"),
        enumOf(GroupState.class, d.getString("state"), GroupState.GROUP_STATE_UNKNOWN),
        d.getBoolean("sealed", false), List.copyOf(members), d.getLong("bytes", 0L), d.getLong("createdMs", 0L));
  }

  static <E extends Enum<E>> E enumOf(Class<E> type, String name, E fallback) {
    if (name == null) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }
}
