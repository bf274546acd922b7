package io.kdss.master.namespace;

import io.kdss.client.master.NamespaceErrno;
import io.vertx.grpc.server.StatusException;

/** Builds the status errors of the namespace ({@code "ENOENT: ..."}, see {@link NamespaceErrno}). */
public final class NamespaceErrors {

  private NamespaceErrors() {
  }

  public static StatusException error(NamespaceErrno errno, String detail) {
    return new StatusException(errno.status(), errno.message(detail));
  }

  /** The errno a failure carries, null for other failures (store down, bugs). */
  public static NamespaceErrno errnoOf(Throwable t) {
    if (t instanceof StatusException s) {
      String m = s.message() == null ? "" : s.message();
      int colon = m.indexOf(':');
      if (colon > 0) {
        try {
          return NamespaceErrno.valueOf(m.substring(0, colon));
        } catch (IllegalArgumentException ignored) {
          return null;
        }
      }
    }
    return null;
  }
}
