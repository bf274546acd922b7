package io.kdss.master.namespace;

import io.kdss.client.master.NamespaceErrno;
import io.vertx.core.Future;
import java.util.function.Supplier;

/** Re-runs an optimistic operation that lost a compare-and-set, a bounded number of times. */
final class Retry {

  static final int MAX_ATTEMPTS = 32;

  /** Signals "the document changed under us: read again and redo". */
  static final class Conflict extends RuntimeException {
    Conflict() {
      super("conflict", null, false, false);
    }
  }

  private Retry() {
  }

  static <T> Future<T> conflict() {
    return Future.failedFuture(new Conflict());
  }

  static <T> Future<T> run(String what, Supplier<Future<T>> op) {
    return attempt(what, op, 0);
  }

  private static <T> Future<T> attempt(String what, Supplier<Future<T>> op, int n) {
    Future<T> f;
    try {
      f = op.get();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    return f.recover(e -> {
      if (!(e instanceof Conflict)) {
        return Future.failedFuture(e);
      }
      if (n + 1 >= MAX_ATTEMPTS) {
        return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EAGAIN, what + ": too much contention, retry"));
      }
      return attempt(what, op, n + 1);
    });
  }
}
