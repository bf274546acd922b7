package io.kdss.master.placement;

import io.kdss.master.MasterOptions;
import io.kdss.master.placement.EcGroupAllocator.Candidate;
import io.kdss.master.placement.ClusterView.Disk;
import io.kdss.master.placement.ClusterView.Group;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which EC schemes the cluster accepts and which disks a new group may use. A scheme is
 * refused with the reason when it is malformed or when the usable disks cannot hold it.
 */
public final class SchemePolicy {

  private final long reserveBytes;

  public SchemePolicy(long reserveBytes) {
    this.reserveBytes = reserveBytes;
  }

  /** Throws {@link NotPlaceableException} naming the problem; returns normally when the scheme fits. */
  public void check(ClusterView view, int k, int m) {
    checkShape(k, m);
    List<Candidate> usable = candidates(view);
    int width = k + m;
    if (usable.size() < width) {
      long nodes = usable.stream().map(Candidate::nodeId).distinct().count();
      throw new NotPlaceableException("scheme " + k + "+" + m + " needs " + width + " usable disks; the cluster has "
          + usable.size() + " on " + nodes + " UP node(s) (a usable disk is ACTIVE, not FAILING or FAILED, and has more than "
          + reserveBytes + " bytes free): add disks or choose a narrower scheme");
    }
  }

  /** Rejects schemes no cluster could use. */
  public static void checkShape(int k, int m) {
    if (k < 1 || m < 0 || k + m > MasterOptions.MAX_SHARDS) {
      throw new NotPlaceableException("scheme " + k + "+" + m + " is invalid: need k >= 1, m >= 0, k+m <= "
          + MasterOptions.MAX_SHARDS);
    }
  }

  /** Usable disks with their load (OPEN groups they serve). */
  public List<Candidate> candidates(ClusterView view) {
    Map<String, Integer> load = new HashMap<>();
    for (Group g : view.groups()) {
      if (g.state() == io.kdss.proto.GroupState.GROUP_OPEN) {
        g.members().forEach(mb -> load.merge(mb.diskId(), 1, Integer::sum));
      }
    }
    List<Candidate> out = new ArrayList<>();
    for (Disk d : view.disks().values()) {
      if (view.usableForNewData(d.id(), reserveBytes)) {
        ClusterView.Node n = view.node(d.nodeId());
        out.add(new Candidate(d.id(), d.nodeId(), n.rack(), d.free(), load.getOrDefault(d.id(), 0)));
      }
    }
    out.sort(java.util.Comparator.comparing(Candidate::diskId));
    return out;
  }

  public long reserveBytes() {
    return reserveBytes;
  }
}
