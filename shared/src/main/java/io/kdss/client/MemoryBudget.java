package io.kdss.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;

/**
 * The off-heap bytes all streams of a process may hold in stripe buffers. A stream that
 * cannot get its next stripe's memory waits (and its source is paused) until another stream
 * releases some, so memory stays flat however many and however large the uploads are.
 * Waiters are served in arrival order; a request larger than the whole budget is granted
 * when nothing else is held, so it cannot wait forever.
 */
final class MemoryBudget {

  private final long capacity;
  private long used;
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

  private record Waiter(long bytes, Promise<Void> promise) {
  }

  MemoryBudget(long capacity) {
    this.capacity = capacity;
  }

  /** Completes once {@code bytes} are reserved (possibly at once). */
  Future<Void> acquire(long bytes) {
    Promise<Void> p;
    synchronized (this) {
      if (waiters.isEmpty() && fits(bytes)) {
        used += bytes;
        return Future.succeededFuture();
      }
      p = Promise.promise();
      waiters.add(new Waiter(bytes, p));
    }
    return p.future();
  }

  void release(long bytes) {
    ArrayDeque<Promise<Void>> granted = new ArrayDeque<>();
    synchronized (this) {
      used -= bytes;
      while (!waiters.isEmpty() && fits(waiters.peek().bytes())) {
        Waiter w = waiters.poll();
        used += w.bytes();
        granted.add(w.promise());
      }
    }
    granted.forEach(Promise::complete);
  }

  synchronized long used() {
    return used;
  }

  synchronized int waiting() {
    return waiters.size();
  }

  private boolean fits(long bytes) {
    return used + bytes <= capacity || used == 0;
  }
}
