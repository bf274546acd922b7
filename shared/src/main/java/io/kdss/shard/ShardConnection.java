package io.kdss.shard;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One pipelined TCP connection to a storage node's data port: requests matched to answers by id. */
final class ShardConnection {

  private final Vertx vertx;
  private final NetSocket socket;
  private final long timeoutMs;
  private final Map<Long, Promise<ShardFrame>> waiting = new ConcurrentHashMap<>();
  private volatile boolean closed;

  ShardConnection(Vertx vertx, NetSocket socket, long timeoutMs) {
    this.vertx = vertx;
    this.socket = socket;
    this.timeoutMs = timeoutMs;
    ShardFrameParser parser = new ShardFrameParser(this::answer, this::fail).attach((NetSocketInternal) socket);
    socket.closeHandler(v -> {
      parser.close();
      fail(new ShardException(ShardStatus.UNAVAILABLE, "connection closed by the storage node"));
    });
    socket.exceptionHandler(this::fail);
  }

  boolean usable() {
    return !closed;
  }

  int inFlight() {
    return waiting.size();
  }

  /**
   * Sends a request; the answer future completes only once the request's bytes have left
   * the write queue (written, or dropped with the connection), so a caller may release the
   * body's memory then. A request still unwritten at its timeout means the connection is
   * backed up beyond use: it is closed, which drops what it still queues.
   */
  Future<ShardFrame> send(ShardFrame request) {
    if (closed) {
      return Future.failedFuture(new ShardException(ShardStatus.UNAVAILABLE, "connection closed"));
    }
    Promise<ShardFrame> p = Promise.promise();
    waiting.put(request.requestId(), p);
    Future<Void> written = socket.write(request.encodeHeader());
    if (request.body() != null && request.body().length() > 0) {
      written = socket.write(request.body());
    }
    Future<Void> sent = written;
    long timer = vertx.setTimer(timeoutMs, t -> {
      Promise<ShardFrame> gone = waiting.remove(request.requestId());
      if (gone != null) {
        gone.tryFail(new ShardException(ShardStatus.UNAVAILABLE, "no answer within " + timeoutMs + " ms"));
      }
      if (!sent.isComplete()) {
        fail(new ShardException(ShardStatus.UNAVAILABLE, "request not even sent within " + timeoutMs + " ms"));
      }
    });
    return p.future().andThen(ar -> vertx.cancelTimer(timer))
        .transform(ar -> sent.transform(w -> ar.succeeded() ? Future.succeededFuture(ar.result())
            : Future.failedFuture(ar.cause())));
  }

  private void answer(ShardFrame f) {
    Promise<ShardFrame> p = waiting.remove(f.requestId());
    if (p != null) {
      p.tryComplete(f);
    }
  }

  private void fail(Throwable t) {
    closed = true;
    ShardException e = t instanceof ShardException se ? se : new ShardException(ShardStatus.UNAVAILABLE, String.valueOf(t.getMessage()));
    waiting.values().forEach(p -> p.tryFail(e));
    waiting.clear();
    socket.close();
  }

  Future<Void> close() {
    closed = true;
    return socket.close();
  }
}
