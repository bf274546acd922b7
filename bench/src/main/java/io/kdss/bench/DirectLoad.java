package io.kdss.bench;

import io.kdss.client.ClientOptions;
import io.kdss.client.KdssClient;
import io.kdss.client.MasterStripePlacement;
import io.kdss.client.ObjectWriter;
import io.kdss.client.ShardClientTransport;
import io.kdss.client.master.MasterClient;
import io.kdss.client.master.MasterClientOptions;
import io.kdss.proto.EcScheme;
import io.kdss.proto.Stripe;
import io.kdss.shard.ShardClient;
import io.kdss.shard.ShardClientOptions;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Objects written and read through the client library alone (EC, the shard protocol, the
 * storage node), from the benchmark's JVM to the node's master and storage: the S3 phases'
 * bytes without the gateway (no HTTP, no SigV4, no MD5 or payload SHA-256, no namespace
 * records). Set beside an S3 phase, the difference is what the gateway adds.
 */
final class DirectLoad implements AutoCloseable {

  /** The gateway hands the client library pieces of this size (its request body pieces). */
  static final int PIECE = 64 << 10;

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final MasterClient masters;
  private final ShardClient shards;
  private final KdssClient client;
  private final ByteBuffer pattern;
  private final EcScheme scheme = EcScheme.newBuilder().setK(4).setM(2).build();

  DirectLoad(int masterPort, ByteBuffer pattern) {
    this.pattern = pattern.asReadOnlyBuffer();
    masters = MasterClient.create(vertx, new MasterClientOptions().setMasters(List.of("127.0.0.1:" + masterPort)));
    shards = ShardClient.create(vertx, new ShardClientOptions());
    client = new KdssClient(vertx, new ClientOptions(), new MasterStripePlacement(masters), new ShardClientTransport(shards),
        null);
  }

  /** Writes {@code size} bytes of the pattern as one object; the stripes written. */
  CompletableFuture<List<Stripe>> put(long size) {
    return on(() -> {
      ObjectWriter w = client.writer(scheme, 0);
      Promise<List<Stripe>> done = Promise.promise();
      w.exceptionHandler(done::tryFail);
      pump(w, size, 0, done);
      return done.future();
    });
  }

  private void pump(ObjectWriter w, long size, long sent, Promise<List<Stripe>> done) {
    long at = sent;
    while (at < size && !w.writeQueueFull()) {
      int n = (int) Math.min(PIECE, size - at);
      int from = (int) (at % pattern.capacity());
      n = Math.min(n, pattern.capacity() - from);
      Buffer piece = BufferInternal.buffer(Unpooled.wrappedBuffer(pattern.slice(from, n)));
      w.write(piece).onFailure(done::tryFail);
      at += n;
    }
    if (at < size) {
      long next = at;
      w.drainHandler(v -> pump(w, size, next, done));
      return;
    }
    w.end().compose(v -> w.result()).onSuccess(r -> done.tryComplete(r.stripes())).onFailure(done::tryFail);
  }

  /** Reads an object of {@code size} bytes back, counting and dropping the bytes. */
  CompletableFuture<Long> get(List<Stripe> stripes, long size) {
    return on(() -> {
      Promise<Long> done = Promise.promise();
      long[] n = {0};
      client.reader(stripes, 0, size).exceptionHandler(done::tryFail).endHandler(v -> done.tryComplete(n[0]))
          .handler(b -> n[0] += b.length());
      return done.future();
    });
  }

  private <T> CompletableFuture<T> on(Supplier<Future<T>> call) {
    CompletableFuture<T> out = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        call.get().onComplete(ar -> {
          if (ar.succeeded()) {
            out.complete(ar.result());
          } else {
            out.completeExceptionally(ar.cause());
          }
        });
      } catch (RuntimeException e) {
        out.completeExceptionally(e);
      }
    });
    return out;
  }

  @Override
  public void close() throws Exception {
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
