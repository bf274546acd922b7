package io.kdss.client;

import io.kdss.proto.EcGroup;
import io.kdss.proto.EcScheme;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OPEN group a process writes each scheme to, reused for a while so that allocation stays
 * off the write path, and the groups it has read, by id (membership changes by repair, drain
 * and rebalancing: a read failure refetches the group, {@link #refetch}).
 */
final class GroupCache {

  private final StripePlacement placement;
  private final long reuseMs;
  private final Map<String, Cached> open = new ConcurrentHashMap<>();
  private final Map<Long, Future<EcGroup>> byId = new ConcurrentHashMap<>();
  private final Map<Long, Long> refetchedMs = new ConcurrentHashMap<>();
  /** Least time between two fetches of one group after read failures. */
  static final long REFETCH_MIN_MS = 1000;

  private record Cached(Future<EcGroup> group, long sinceMs) {
  }

  GroupCache(StripePlacement placement, long reuseMs) {
    this.placement = placement;
    this.reuseMs = reuseMs;
  }

  /** The group to write the next stripe of {@code scheme} to, avoiding {@code exclude}. */
  Future<EcGroup> open(EcScheme scheme, Collection<Long> exclude) {
    String key = scheme.getK() + "+" + scheme.getM();
    long now = System.currentTimeMillis();
    Cached c = open.get(key);
    if (c != null && now - c.sinceMs() < reuseMs && !c.group().failed()
        && (!c.group().succeeded() || !exclude.contains(c.group().result().getGroupId()))) {
      return c.group();
    }
    Future<EcGroup> f = placement.openGroup(scheme, exclude == null ? List.of() : exclude);
    open.put(key, new Cached(f, now));
    f.onSuccess(g -> byId.put(g.getGroupId(), Future.succeededFuture(g)));
    return f;
  }

  /** Forgets a group that failed a write, so the next stripe asks the master again. */
  void invalidate(long groupId) {
    open.values().removeIf(c -> c.group().succeeded() && c.group().result().getGroupId() == groupId);
    byId.remove(groupId);
  }

  /**
   * The group again from the masters after shard {@code index} could not be read from
   * {@code staleDisk}: repair, drain and rebalancing replace members, and a reader holding the
   * old membership should follow. Concurrent callers share one fetch, and a group is fetched
   * at most once per {@link #REFETCH_MIN_MS} (a member that is merely down does not make every
   * failed read ask the masters).
   */
  Future<EcGroup> refetch(long groupId, int index, String staleDisk) {
    Future<EcGroup> cached = byId.get(groupId);
    long now = System.currentTimeMillis();
    Long last = refetchedMs.get(groupId);
    boolean stale = cached == null || (cached.succeeded() && cached.result().getMembersCount() > index
        && cached.result().getMembers(index).getDiskId().equals(staleDisk));
    if (!stale || (last != null && now - last < REFETCH_MIN_MS)) {
      return cached != null ? cached : byId(groupId);
    }
    refetchedMs.put(groupId, now);
    Future<EcGroup> f = placement.group(groupId);
    byId.put(groupId, f);
    f.onFailure(e -> byId.remove(groupId, f));
    return f;
  }

  Future<EcGroup> byId(long groupId) {
    Future<EcGroup> f = byId.computeIfAbsent(groupId, placement::group);
    f.onFailure(e -> byId.remove(groupId, f));
    return f;
  }
}
