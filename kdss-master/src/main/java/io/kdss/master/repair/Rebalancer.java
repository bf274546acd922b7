package io.kdss.master.repair;

import io.kdss.master.placement.ClusterView;
import io.kdss.master.placement.EcGroupAllocator.Candidate;
import io.kdss.proto.GroupState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Rebalancing plans (pure, unit-tested): when a usable disk's utilization is more than the
 * skew above the mean of the usable disks, memberships of its SEALED, healthy groups move to
 * disks below the mean, at most {@code maxMoves} per pass, never to a disk that would weaken
 * the group's failure-domain spread. A move must leave the taker below the giver (no
 * ping-pong), and the plan accounts for its own moves (the giver's and taker's utilizations
 * shift by the member's share), so one pass does not overshoot. Disks whose usage has not
 * been reported since a move touched them are left out ({@code settled}): their numbers are
 * stale.
 */
public final class Rebalancer {

  /** One membership to move. */
  public record Move(ClusterView.Group group, int member, Candidate target) {
  }

  private Rebalancer() {
  }

  public static List<Move> plan(ClusterView view, List<Candidate> usable, Set<Long> busy, double skew, int maxMoves,
      Predicate<String> settled) {
    if (usable.size() < 2 || maxMoves <= 0) {
      return List.of();
    }
    Map<String, Double> util = new HashMap<>();
    Map<String, Long> capacity = new HashMap<>();
    for (Candidate c : usable) {
      ClusterView.Disk d = view.disk(c.diskId());
      if (!settled.test(c.diskId())) {
        continue;
      }
      if (d != null && d.capacity() > 0) {
        util.put(d.id(), (double) d.used() / d.capacity());
        capacity.put(d.id(), d.capacity());
      }
    }
    double mean = util.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
    List<String> givers = new ArrayList<>(util.keySet().stream().filter(d -> util.get(d) > mean + skew).toList());
    givers.sort(Comparator.comparingDouble((String d) -> util.get(d)).reversed());
    List<Move> moves = new ArrayList<>();
    Set<Long> planned = new HashSet<>(busy);
    Map<String, Integer> incoming = new HashMap<>();
    for (String giver : givers) {
      for (ClusterView.Group g : view.groups()) {
        if (moves.size() >= maxMoves || util.get(giver) <= mean + skew) {
          break;
        }
        int member = indexOf(g, giver);
        if (member < 0 || planned.contains(g.id()) || g.state() != GroupState.GROUP_SEALED
            || !g.members().stream().allMatch(view::memberAvailable)) {
          continue;
        }
        long share = g.bytes() / Math.max(1, g.k());
        if (share == 0) {
          continue;
        }
        double giverAfter = util.get(giver) - (double) share / capacity.get(giver);
        Candidate target = TargetChooser.choose(view, g, member, usable, incoming, share,
            c -> util.containsKey(c.diskId()) && util.get(c.diskId()) < mean
                && util.get(c.diskId()) + (double) share / capacity.get(c.diskId()) < giverAfter, true);
        if (target == null) {
          continue;
        }
        moves.add(new Move(g, member, target));
        planned.add(g.id());
        incoming.merge(target.diskId(), 1, Integer::sum);
        util.merge(giver, -(double) share / capacity.get(giver), Double::sum);
        util.merge(target.diskId(), (double) share / capacity.get(target.diskId()), Double::sum);
      }
    }
    return moves;
  }

  static int indexOf(ClusterView.Group g, String diskId) {
    for (int i = 0; i < g.members().size(); i++) {
      if (g.members().get(i).diskId().equals(diskId)) {
        return i;
      }
    }
    return -1;
  }
}
