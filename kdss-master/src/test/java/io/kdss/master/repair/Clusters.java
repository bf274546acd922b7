package io.kdss.master.repair;

import io.kdss.master.placement.ClusterView;
import io.kdss.master.placement.EcGroupAllocator;
import io.kdss.master.placement.EcGroupAllocator.Candidate;
import io.kdss.proto.GroupState;
import io.kdss.proto.Health;
import io.kdss.proto.NodeState;
import io.kdss.proto.VolumeState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random cluster views for the repair planners' tests (seeded). */
final class Clusters {

  static final long GIB = 1L << 30;

  private Clusters() {
  }

  /** {@code nodes} UP nodes over {@code racks} racks with {@code disks} healthy disks each, and groups placed by the allocator. */
  static ClusterView random(Random r, int nodes, int racks, int disks, int k, int m, int groups) {
    Map<String, ClusterView.Node> ns = new LinkedHashMap<>();
    Map<String, ClusterView.Disk> ds = new LinkedHashMap<>();
    long now = System.currentTimeMillis();
    for (int n = 0; n < nodes; n++) {
      String node = "n" + n;
      ns.put(node, new ClusterView.Node(node, "127.0.0.1:" + (1000 + n), "r" + (n % racks), NodeState.NODE_UP, now,
          List.of("storage")));
      for (int d = 0; d < disks; d++) {
        long capacity = 100 * GIB;
        long used = (long) (r.nextDouble() * 50 * GIB);
        ds.put(node + "d" + d, new ClusterView.Disk(node + "d" + d, node, "/d" + d, capacity, used, 0,
            capacity - used, Health.HEALTH_OK, VolumeState.VOLUME_ACTIVE, 100, now));
      }
    }
    ClusterView base = new ClusterView(now, ns, ds, List.of());
    List<Candidate> candidates = new io.kdss.master.placement.SchemePolicy(GIB).candidates(base);
    List<ClusterView.Group> gs = new ArrayList<>();
    for (int g = 0; g < groups && candidates.size() >= k + m; g++) {
      List<ClusterView.Member> members = EcGroupAllocator.place(candidates, k + m, r).stream()
          .map(c -> new ClusterView.Member(c.diskId(), c.nodeId())).toList();
      gs.add(new ClusterView.Group(g + 1, k, m, GroupState.GROUP_SEALED, true, members, (1 + r.nextInt(8)) * GIB, now));
    }
    return new ClusterView(now, ns, ds, gs);
  }

  static ClusterView withNode(ClusterView v, String nodeId, NodeState state, long lastHeartbeatMs) {
    Map<String, ClusterView.Node> ns = new LinkedHashMap<>(v.nodes());
    ClusterView.Node n = ns.get(nodeId);
    ns.put(nodeId, new ClusterView.Node(n.id(), n.address(), n.rack(), state, lastHeartbeatMs, n.roles()));
    return new ClusterView(v.loadedMs(), ns, v.disks(), v.groups());
  }

  static ClusterView withDisk(ClusterView v, String diskId, VolumeState state, Health health, long used) {
    Map<String, ClusterView.Disk> ds = new LinkedHashMap<>(v.disks());
    ClusterView.Disk d = ds.get(diskId);
    ds.put(diskId, new ClusterView.Disk(d.id(), d.nodeId(), d.path(), d.capacity(), used, d.garbage(),
        d.capacity() - used, health, state, d.shardCount(), d.reportedMs()));
    return new ClusterView(v.loadedMs(), v.nodes(), ds, v.groups());
  }
}
