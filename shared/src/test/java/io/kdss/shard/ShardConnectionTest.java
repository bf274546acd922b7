package io.kdss.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.testing.TestPorts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetServer;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The data-plane connection against a storage node that accepts and then neither reads nor
 * answers: a put whose bytes are still queued at its timeout must not complete while the
 * connection still holds them (the caller frees that memory on completion).
 */
class ShardConnectionTest {

  Vertx vertx;
  int port;
  final Promise<Void> serverSawClose = Promise.promise();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    port = TestPorts.free();
    NetServer server = vertx.createNetServer();
    server.connectHandler(socket -> {
      // Reads nothing for a second (the client's writes back up), then drains and never answers.
      socket.pause();
      socket.handler(b -> { });
      socket.closeHandler(v -> serverSawClose.tryComplete());
      vertx.setTimer(1000, t -> socket.resume());
    });
    await(server.listen(port, "127.0.0.1"));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void aPutStillQueuedAtItsTimeoutDropsItsBytesBeforeFailing() throws Exception {
    ShardClient client = ShardClient.create(vertx, new ShardClientOptions().setRequestTimeoutMs(300)
        .setConnectionsPerNode(1));
    ByteBuf payload = PooledByteBufAllocator.DEFAULT.directBuffer(ShardFrame.MAX_BODY_BYTES - 4096);
    payload.writeZero(payload.capacity());
    Buffer body = BufferInternal.buffer(payload);
    Future<Void> put = client.put("127.0.0.1:" + port, UUID.randomUUID(), 1, 0, body);
    Throwable failure = null;
    try {
      put.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      failure = e.getCause();
    }
    assertThat(failure).isInstanceOf(ShardException.class);
    assertThat(serverSawClose.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS))
        .as("the backed-up connection was closed, dropping the queued bytes").isNull();
    payload.release();
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
