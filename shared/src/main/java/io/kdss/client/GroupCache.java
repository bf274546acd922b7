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
 * off the write path, and the groups it has read, by id (membership only changes by repair,
 * which a read failure invalidates).
 */
final class GroupCache {

  private final StripePlacement placement;
  private final long reuseMs;
  private final Map<String, Cached> open = new ConcurrentHashMap<>();
  private final Map<Long, Future<EcGroup>> byId = new ConcurrentHashMap<>();

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

  Future<EcGroup> byId(long groupId) {
    Future<EcGroup> f = byId.computeIfAbsent(groupId, placement::group);
    f.onFailure(e -> byId.remove(groupId, f));
    return f;
  }
}
