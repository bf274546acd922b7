package io.kdss.master.repair;

import io.kdss.master.placement.ClusterView;
import io.kdss.master.placement.EcGroupAllocator.Candidate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Chooses the disk that takes over member {@code i} of a group, by the allocator's rules
 * ({@link io.kdss.master.placement.EcGroupAllocator}): never a disk already in the group;
 * among usable candidates with room for the member's share of the group, the ones whose
 * failure domain holds the fewest of the other members (rack first when the cluster has at
 * least k+m racks, else node first); among those the most free space per task already
 * heading to the disk. A pure function, so property tests can drive it.
 */
public final class TargetChooser {

  private TargetChooser() {
  }

  /** The failure-domain rank of putting a member on {@code c} next to {@code others}: lower is better. */
  static long domainKey(String nodeId, String rack, List<ClusterView.Member> others, Map<String, String> rackOfNode,
      boolean rackFirst) {
    int n = 0;
    int r = 0;
    for (ClusterView.Member m : others) {
      if (m.nodeId().equals(nodeId)) {
        n++;
      }
      if (rack.equals(rackOfNode.getOrDefault(m.nodeId(), ""))) {
        r++;
      }
    }
    return rackFirst ? ((long) r << 32) | n : ((long) n << 32) | r;
  }

  /**
   * The replacement for member {@code member} of {@code group}, or null when no candidate
   * fits. {@code needBytes}: free space the target must have beyond what it already has to
   * keep (the caller's reserve is already applied to candidates). {@code incoming}: tasks
   * already heading to each disk. {@code allowed} narrows candidates (rebalancing: only
   * disks below the mean). {@code notWorse}: refuse a target whose domain rank is worse
   * than the current member's (a move must never weaken the spread; a repair may have to).
   */
  public static Candidate choose(ClusterView view, ClusterView.Group group, int member, List<Candidate> candidates,
      Map<String, Integer> incoming, long needBytes, Predicate<Candidate> allowed, boolean notWorse) {
    List<ClusterView.Member> others = new java.util.ArrayList<>(group.members());
    ClusterView.Member current = others.remove(member);
    Map<String, String> rackOfNode = new HashMap<>();
    view.nodes().values().forEach(n -> rackOfNode.put(n.id(), n.rack()));
    candidates.forEach(c -> rackOfNode.putIfAbsent(c.nodeId(), c.rack()));
    long racks = candidates.stream().map(Candidate::rack).distinct().count();
    boolean rackFirst = racks >= group.width();
    long limit = Long.MAX_VALUE;
    if (notWorse) {
      limit = domainKey(current.nodeId(), rackOfNode.getOrDefault(current.nodeId(), ""), others, rackOfNode, rackFirst);
    }
    Candidate best = null;
    long bestKey = Long.MAX_VALUE;
    double bestWeight = -1;
    for (Candidate c : candidates) {
      boolean inGroup = group.members().stream().anyMatch(m -> m.diskId().equals(c.diskId()));
      if (inGroup || c.free() < needBytes || !allowed.test(c)) {
        continue;
      }
      long key = domainKey(c.nodeId(), c.rack(), others, rackOfNode, rackFirst);
      if (key > limit) {
        continue;
      }
      double weight = (double) c.free() / (1 + incoming.getOrDefault(c.diskId(), 0));
      if (key < bestKey || (key == bestKey && weight > bestWeight)) {
        best = c;
        bestKey = key;
        bestWeight = weight;
      }
    }
    return best;
  }
}
