package io.kdss.master.placement;

import io.kdss.proto.GroupState;
import io.kdss.proto.Health;
import io.kdss.proto.NodeState;
import io.kdss.proto.VolumeState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of the cluster as the metadata store holds it: nodes, their disks
 * (volumes) and the EC groups. Every master reloads it periodically; placement decisions,
 * the leader's group maintenance, metrics and the cluster status are computed from it.
 */
public record ClusterView(long loadedMs, Map<String, Node> nodes, Map<String, Disk> disks, List<Group> groups) {

  public static final ClusterView EMPTY = new ClusterView(0, Map.of(), Map.of(), List.of());

  /** A storage node: where its shard server listens, its rack, its liveness. */
  public record Node(String id, String address, String rack, NodeState state, long lastHeartbeatMs,
      List<String> roles) {
  }

  /** One disk (a volume), as last reported by its node. Bytes. */
  public record Disk(String id, String nodeId, String path, long capacity, long used, long garbage, long free,
      Health health, VolumeState state, long shardCount, long reportedMs) {
  }

  /** Shard {@code i} of every stripe of a group lives on {@code members.get(i)}. */
  public record Member(String diskId, String nodeId) {
  }

  public record Group(long id, int k, int m, GroupState state, boolean sealed, List<Member> members, long bytes,
      long createdMs) {

    public int width() {
      return k + m;
    }

    public boolean hasScheme(int k, int m) {
      return this.k == k && this.m == m;
    }
  }

  public Node node(String id) {
    return nodes.get(id);
  }

  public Disk disk(String id) {
    return disks.get(id);
  }

  /** The node of a disk, null when either is unknown. */
  public Node nodeOf(String diskId) {
    Disk d = disks.get(diskId);
    return d == null ? null : nodes.get(d.nodeId());
  }

  /**
   * True when the disk can hold shards of a new group: node UP, disk ACTIVE, health OK or
   * DEGRADED, above the reserve. DEGRADED (a slow p99, one I/O or CRC error, a few reallocated
   * sectors) still takes writes: on a small cluster (6 disks for 4+2) refusing it would seal
   * every group it serves and stop all writes while a busy disk is briefly slow. FAILING and
   * FAILED disks take no new data.
   */
  public boolean usableForNewData(String diskId, long reserveBytes) {
    Disk d = disks.get(diskId);
    if (d == null) {
      return false;
    }
    Node n = nodes.get(d.nodeId());
    return n != null && n.state() == NodeState.NODE_UP
        && d.state() == VolumeState.VOLUME_ACTIVE
        && (d.health() == Health.HEALTH_OK || d.health() == Health.HEALTH_DEGRADED)
        && d.free() >= reserveBytes;
  }

  /** True when a member's shards are readable: its node is not DOWN and its disk has not failed. */
  public boolean memberAvailable(Member member) {
    Disk d = disks.get(member.diskId());
    if (d == null || d.state() == VolumeState.VOLUME_FAILED || d.health() == Health.HEALTH_FAILED) {
      return false;
    }
    Node n = nodes.get(d.nodeId());
    return n != null && n.state() != NodeState.NODE_DOWN && n.state() != NodeState.NODE_DECOMMISSIONED;
  }

  /** OPEN groups of a scheme. */
  public List<Group> openGroups(int k, int m) {
    List<Group> out = new ArrayList<>();
    for (Group g : groups) {
      if (g.state() == GroupState.GROUP_OPEN && g.hasScheme(k, m)) {
        out.add(g);
      }
    }
    return out;
  }

  public long count(Collection<Group> groups, GroupState state) {
    return groups.stream().filter(g -> g.state() == state).count();
  }
}
