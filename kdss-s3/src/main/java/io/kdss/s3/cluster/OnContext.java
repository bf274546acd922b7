package io.kdss.s3.cluster;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** Runs code on one stream's context, so its state is only touched from its event loop (RPC callbacks may arrive on others). */
final class OnContext {

  private OnContext() {
  }

  static void run(Context context, Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }
}
