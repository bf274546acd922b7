package io.kdss.storage.server;

import io.kdss.shard.ShardFrame;
import io.kdss.shard.ShardFrameParser;
import io.kdss.shard.ShardStatus;
import io.kdss.storage.StorageOptions;
import io.kdss.storage.volume.VolumeSet;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The data plane of a storage node: the binary shard protocol ({@link ShardFrame}) on TCP.
 * Each connection's requests are pipelined; their work (CRC checks, index lookups, disk I/O)
 * runs on the storage threads, never on this event loop, and answers are written back on
 * it. A connection with too many requests in flight is paused (backpressure to the client).
 */
public final class ShardServer extends VerticleBase {

  /** Requests one connection may have in flight before it is paused. */
  static final int MAX_IN_FLIGHT_PER_CONNECTION = 64;

  private final StorageOptions options;
  private final ShardRequests requests;

  public ShardServer(StorageOptions options, VolumeSet volumes) {
    this.options = options;
    this.requests = new ShardRequests(volumes);
  }

  @Override
  public Future<?> start() {
    NetServerOptions o = new NetServerOptions().setHost(options.host()).setPort(options.dataPort())
        .setTcpNoDelay(true).setReuseAddress(true).setReceiveBufferSize(4 << 20).setSendBufferSize(4 << 20);
    return vertx.createNetServer(o).connectHandler(this::serve).listen();
  }

  private void serve(NetSocket socket) {
    AtomicInteger inFlight = new AtomicInteger();
    // Request bodies arrive in pooled direct buffers (one copy out of the socket's buffers,
    // none to the heap); each is released once its request is answered, the append having
    // copied a PUT's payload to its staging buffer by then.
    ShardFrameParser parser = ShardFrameParser.pooled((frame, owned) -> {
      if (inFlight.incrementAndGet() >= MAX_IN_FLIGHT_PER_CONNECTION) {
        socket.pause();
      }
      Future.fromCompletionStage(requests.handle(frame), context).onComplete(ar -> {
        if (owned != null) {
          owned.release();
        }
        ShardRequests.Reply reply = ar.succeeded() ? ar.result()
            : ShardRequests.Reply.of(frame.error(ShardStatus.INTERNAL, String.valueOf(ar.cause())));
        socket.write(reply.frame().encodeHeader());
        Buffer body = reply.frame().body();
        if (body != null && body.length() > 0) {
          // A GET body is a pooled disk buffer: it goes back to the pool once written.
          socket.write(body).onComplete(x -> reply.release());
        } else {
          reply.release();
        }
        if (inFlight.decrementAndGet() == MAX_IN_FLIGHT_PER_CONNECTION - 1) {
          socket.resume();
        }
      });
    }, err -> socket.close()).attach((NetSocketInternal) socket);
    socket.closeHandler(v -> parser.close());
  }
}
