package io.kdss.master.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Chooses the k+m disks of a new EC group (a pure function of the candidates, so property
 * tests can drive it with thousands of random clusters).
 *
 * <p>Members are picked one at a time. Each pick takes, among the remaining candidates, those
 * whose failure domains hold the fewest members so far, and among them draws one at random
 * weighted by free space over load (open groups already on the disk). The order of the
 * domains is what makes the rules hold:
 * <ul>
 *   <li>when there are at least k+m racks (racks are "configured"), rack first: every member
 *       on a distinct rack, hence a distinct node;</li>
 *   <li>otherwise node first, then rack: every member on a distinct node when there are at
 *       least k+m nodes, racks as even as that allows; with fewer nodes (dev: one node, six
 *       disks) members go to distinct disks spread evenly over the nodes.</li>
 * </ul>
 * Disks are always distinct. Candidates must already be filtered to usable disks (node UP,
 * disk ACTIVE and healthy, free space above the reserve).
 */
public final class EcGroupAllocator {

  /** A usable disk. {@code load} is the number of OPEN groups it already serves. */
  public record Candidate(String diskId, String nodeId, String rack, long free, int load) {
  }

  private EcGroupAllocator() {
  }

  /**
   * Picks {@code width} members in shard order, or throws {@link NotPlaceableException} with
   * the reason when the candidates cannot hold a group of that width.
   */
  public static List<Candidate> place(List<Candidate> candidates, int width, Random random) {
    if (candidates.size() < width) {
      throw new NotPlaceableException("needs " + width + " usable disks, the cluster has " + candidates.size());
    }
    long racks = candidates.stream().map(Candidate::rack).distinct().count();
    boolean rackFirst = racks >= width;
    List<Candidate> remaining = new ArrayList<>(candidates);
    List<Candidate> chosen = new ArrayList<>(width);
    Map<String, Integer> perNode = new HashMap<>();
    Map<String, Integer> perRack = new HashMap<>();
    for (int i = 0; i < width; i++) {
      List<Candidate> best = new ArrayList<>();
      long bestKey = Long.MAX_VALUE;
      for (Candidate c : remaining) {
        int n = perNode.getOrDefault(c.nodeId(), 0);
        int r = perRack.getOrDefault(c.rack(), 0);
        long key = rackFirst ? ((long) r << 32) | n : ((long) n << 32) | r;
        if (key < bestKey) {
          bestKey = key;
          best.clear();
        }
        if (key == bestKey) {
          best.add(c);
        }
      }
      Candidate pick = weightedPick(best, random);
      remaining.remove(pick);
      chosen.add(pick);
      perNode.merge(pick.nodeId(), 1, Integer::sum);
      perRack.merge(pick.rack(), 1, Integer::sum);
    }
    return chosen;
  }

  private static Candidate weightedPick(List<Candidate> options, Random random) {
    double[] weights = new double[options.size()];
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      Candidate c = options.get(i);
      weights[i] = Math.max(1.0, c.free() / 1e6) / (1 + c.load());
      total += weights[i];
    }
    double x = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x <= 0) {
        return options.get(i);
      }
    }
    return options.get(options.size() - 1);
  }
}
