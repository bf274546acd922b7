package io.kdss.master.placement;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The latest {@link ClusterView} of one master, reloaded every {@code refreshMs}; readers
 * take whatever is current (at most one refresh old) without waiting on the store.
 */
public final class ClusterViewCache {

  private final Vertx vertx;
  private final ClusterViewLoader loader;
  private final long refreshMs;
  private volatile ClusterView view = ClusterView.EMPTY;
  private Future<ClusterView> loading;
  private long timer = -1;

  public ClusterViewCache(Vertx vertx, ClusterViewLoader loader, long refreshMs) {
    this.vertx = vertx;
    this.loader = loader;
    this.refreshMs = refreshMs;
  }

  public Future<ClusterView> start() {
    timer = vertx.setPeriodic(refreshMs, id -> refresh());
    return refresh();
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  public ClusterView view() {
    return view;
  }

  /** Reloads now; concurrent callers share one load. */
  public Future<ClusterView> refresh() {
    if (loading != null) {
      return loading;
    }
    Future<ClusterView> f = loader.load().onSuccess(v -> view = v);
    loading = f;
    f.onComplete(ar -> loading = null);
    return f;
  }
}
