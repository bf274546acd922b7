package io.kdss.storage.repair;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * A bound on concurrent asynchronous work that never blocks a thread: {@link #acquire()}
 * completes at once while a slot is free, otherwise when one is released (first come, first
 * served).
 */
final class AsyncSlots {

  private final Queue<CompletableFuture<Void>> waiting = new ArrayDeque<>();
  private int free;

  AsyncSlots(int slots) {
    this.free = slots;
  }

  synchronized CompletableFuture<Void> acquire() {
    if (free > 0) {
      free--;
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> f = new CompletableFuture<>();
    waiting.add(f);
    return f;
  }

  void release() {
    CompletableFuture<Void> next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        free++;
        return;
      }
    }
    next.complete(null);
  }

  synchronized int waiting() {
    return waiting.size();
  }
}
