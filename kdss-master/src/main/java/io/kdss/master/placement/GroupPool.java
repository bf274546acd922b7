package io.kdss.master.placement;

import io.kdss.proto.EcScheme;
import io.kdss.proto.GroupState;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out OPEN groups for the write path from this master's cluster view, so allocation
 * costs no metadata round trip. The leader keeps groups pre-allocated per scheme
 * ({@link GroupMaintainer}); only when none is OPEN for a scheme (its first use, or all
 * just sealed) does this master place one itself, once for all concurrent callers.
 */
public final class GroupPool {

  private final ClusterViewCache views;
  private final SchemePolicy policy;
  private final GroupStore groups;
  private final Random random = new Random();
  /** Groups this master created that its view may not show yet. */
  private final Map<Long, ClusterView.Group> fresh = new ConcurrentHashMap<>();
  private final Map<Long, Future<ClusterView.Group>> creating = new HashMap<>();
  private final Set<Long> requested = ConcurrentHashMap.newKeySet();

  public GroupPool(ClusterViewCache views, SchemePolicy policy, GroupStore groups) {
    this.views = views;
    this.policy = policy;
    this.groups = groups;
  }

  /** An OPEN group for k+m avoiding {@code exclude}; fails with {@link NotPlaceableException} when impossible. */
  public Future<ClusterView.Group> allocate(int k, int m, Set<Long> exclude) {
    try {
      SchemePolicy.checkShape(k, m);
    } catch (NotPlaceableException e) {
      return Future.failedFuture(e);
    }
    requested.add(schemeKey(k, m));
    ClusterView view = views.view();
    List<ClusterView.Group> open = new ArrayList<>();
    for (ClusterView.Group g : view.openGroups(k, m)) {
      if (!exclude.contains(g.id()) && writable(view, g)) {
        open.add(g);
      }
    }
    for (ClusterView.Group g : fresh.values()) {
      if (view.groups().stream().anyMatch(v -> v.id() == g.id())) {
        fresh.remove(g.id());
      } else if (g.hasScheme(k, m) && !exclude.contains(g.id())) {
        open.add(g);
      }
    }
    if (!open.isEmpty()) {
      return Future.succeededFuture(open.get(random.nextInt(open.size())));
    }
    return createOnce(view, k, m);
  }

  /** Schemes asked for on this master, as {@code k << 16 | m}. */
  public Set<Long> requestedSchemes() {
    return Set.copyOf(requested);
  }

  public static long schemeKey(int k, int m) {
    return ((long) k << 16) | m;
  }

  public static EcScheme schemeOf(long key) {
    return EcScheme.newBuilder().setK((int) (key >>> 16)).setM((int) (key & 0xffff)).build();
  }

  private boolean writable(ClusterView view, ClusterView.Group g) {
    return g.state() == GroupState.GROUP_OPEN && g.members().stream().allMatch(view::memberAvailable);
  }

  private synchronized Future<ClusterView.Group> createOnce(ClusterView view, int k, int m) {
    long key = schemeKey(k, m);
    Future<ClusterView.Group> pending = creating.get(key);
    if (pending != null) {
      return pending;
    }
    Future<ClusterView.Group> f;
    try {
      policy.check(view, k, m);
      f = groups.create(k, m, EcGroupAllocator.place(policy.candidates(view), k + m, random))
          .onSuccess(g -> fresh.put(g.id(), g));
    } catch (NotPlaceableException e) {
      f = Future.failedFuture(e);
    }
    creating.put(key, f);
    f.onComplete(ar -> {
      synchronized (this) {
        creating.remove(key);
      }
    });
    return f;
  }
}
