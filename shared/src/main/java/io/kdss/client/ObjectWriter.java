package io.kdss.client;

import io.kdss.proto.EcScheme;
import io.kdss.proto.Stripe;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.WriteStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A write stream that cuts the bytes written to it into stripes and writes each one through
 * {@link StripeWriter}, at most {@code stripesInFlight} at a time and within the process's
 * memory budget. While either limit is reached, {@link #writeQueueFull()} is true, so a
 * source piped in ({@code request.pipeTo(writer)}) is paused: the body is pulled only as fast
 * as shards become durable. Memory per stream stays at about
 * {@code stripesInFlight * (k + m) * shardSize}.
 *
 * <p>{@link #result()} completes after {@link #end()} with every stripe, in offset order, once
 * all are acknowledged; it fails on the first stripe that cannot be written. After a failure
 * or {@link #abort()}, the stripes already written are abandoned (deleted by GC) and
 * nothing is left for the caller to record, except those handed to a {@link #stripeHandler}.
 */
public final class ObjectWriter implements WriteStream<Buffer> {

  /**
   * The first stripe's memory is taken once this much is buffered or the stream has ended, so
   * an object smaller than this gets a buffer of its own size (see {@link #acquire()}). Bytes
   * buffered meanwhile are bounded by it (the source is paused past a stripe anyway).
   */
  static final long FIRST_STRIPE_WAIT_BYTES = 256 << 10;

  private final KdssClient client;
  private final EcScheme scheme;
  private final Context context;
  private final int k;
  private final int shardSize;
  private final int stripeBytes;
  private final int m;
  private final StripeWriter stripes;

  private final ArrayDeque<Buffer> pending = new ArrayDeque<>();
  private long pendingBytes;
  private ByteBuf current;
  private boolean acquiring;
  /** No stripe memory taken yet: the first stripe waits to learn whether the object is small. */
  private boolean first = true;
  private long nextOffset;
  private int inFlight;
  private long written;
  private final TreeMap<Long, Stripe> done = new TreeMap<>();
  private Throwable failure;
  private boolean ended;
  private boolean aborted;
  private boolean wasFull;
  private Handler<Void> drainHandler;
  private Handler<Throwable> exceptionHandler;
  private Handler<Stripe> stripeHandler;
  private final Promise<WriteResult> result = Promise.promise();

  /** What a finished writer produced: the bytes it took and the stripes that hold them. */
  public record WriteResult(long bytes, List<Stripe> stripes) {
  }

  ObjectWriter(KdssClient client, EcScheme scheme, long offset) {
    this.client = client;
    this.scheme = scheme;
    this.context = Vertx.currentContext() != null ? Vertx.currentContext() : client.vertx().getOrCreateContext();
    this.k = scheme.getK();
    this.shardSize = client.options().shardSize();
    this.stripeBytes = k * shardSize;
    this.m = scheme.getM();
    this.stripes = new StripeWriter(client);
    this.nextOffset = offset;
  }

  @Override
  public Future<Void> write(Buffer data) {
    return onContext(() -> {
      if (failure != null || aborted) {
        return Future.failedFuture(failure != null ? failure : new IllegalStateException("writer aborted"));
      }
      if (ended) {
        return Future.failedFuture(new IllegalStateException("write after end"));
      }
      if (data.length() > 0) {
        pending.add(data);
        pendingBytes += data.length();
        written += data.length();
        pump();
      }
      return Future.succeededFuture();
    });
  }

  @Override
  public Future<Void> end() {
    return onContext(() -> {
      if (!ended) {
        ended = true;
        pump();
        finishIfDone();
      }
      return result.future().mapEmpty();
    });
  }

  /**
   * Hands each stripe to {@code handler} as soon as it is durable (in completion order, on the
   * writer's context), so the caller can record stripes while the upload goes on: a crash then
   * leaves recorded stripes that garbage collection finds. A stripe handed over belongs to the
   * caller: a failing or aborted writer no longer abandons it. Set before the first write.
   */
  public ObjectWriter stripeHandler(Handler<Stripe> handler) {
    this.stripeHandler = handler;
    return this;
  }

  /** The stripes written, once {@link #end()} has been called and all are durable. */
  public Future<WriteResult> result() {
    return result.future();
  }

  /**
   * Stops the writer (the client went away): buffered bytes are dropped and every stripe
   * written so far is abandoned; {@link #result()} fails.
   */
  public Future<Void> abort() {
    return onContext(() -> {
      if (!aborted && !result.future().isComplete()) {
        aborted = true;
        fail(new IllegalStateException("upload aborted"));
      }
      return Future.succeededFuture();
    });
  }

  /**
   * Full while stripes in flight are at their limit, while more than a stripe is buffered, and
   * while the writer waits for memory from the budget: bytes buffered then are memory the
   * budget does not cover, so the source must stop until the grant arrives.
   */
  @Override
  public boolean writeQueueFull() {
    boolean full = acquiring || inFlight >= client.options().stripesInFlight() || pendingBytes > stripeBytes;
    if (full) {
      wasFull = true;
    }
    return full;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    return this;
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    this.drainHandler = handler;
    return this;
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  /** Moves pending bytes into stripe buffers and starts every stripe that is full (or last). */
  private void pump() {
    while (failure == null && !aborted) {
      if (current == null) {
        if (pending.isEmpty() || acquiring || inFlight >= client.options().stripesInFlight()
            || (first && !ended && pendingBytes < Math.min(FIRST_STRIPE_WAIT_BYTES, stripeBytes))) {
          break;
        }
        acquire();
        if (current == null) {
          break;
        }
      }
      fill();
      boolean last = ended && pending.isEmpty();
      if (current.writableBytes() == 0 || (last && current.writerIndex() > 0)) {
        dispatch();
      } else {
        break;
      }
    }
    if (ended && pending.isEmpty() && current != null && current.writerIndex() == 0) {
      releaseCurrent();
    }
  }

  /**
   * Takes the next stripe's memory from the budget. A whole object that came in below a stripe
   * (the stream ended before the first stripe filled) gets a buffer of its own size rounded up
   * to k, so a 4 KiB object holds about 6 KiB of the budget with 4+2, not a full stripe's 6 MiB.
   */
  private void acquire() {
    int capacity = first && ended && pendingBytes < stripeBytes
        ? (int) ((pendingBytes + k - 1) / k * k) : stripeBytes;
    first = false;
    long budget = budgetOf(capacity);
    acquiring = true;
    Future<Void> grant = client.budget().acquire(budget);
    if (grant.isComplete()) {
      acquiring = false;
      current = PooledByteBufAllocator.DEFAULT.directBuffer(capacity, capacity);
      return;
    }
    grant.onComplete(ar -> context.runOnContext(v -> {
      acquiring = false;
      if (failure != null || aborted) {
        client.budget().release(budget);
        return;
      }
      current = PooledByteBufAllocator.DEFAULT.directBuffer(capacity, capacity);
      pump();
      drainIfRoom();
      finishIfDone();
    }));
  }

  private void fill() {
    while (!pending.isEmpty() && current.writableBytes() > 0) {
      Buffer head = pending.peek();
      int n = Math.min(head.length(), current.writableBytes());
      ByteBuf src = ((BufferInternal) head).getByteBuf();
      current.writeBytes(src, src.readerIndex(), n);
      pendingBytes -= n;
      if (n == head.length()) {
        pending.poll();
      } else {
        pending.poll();
        pending.addFirst(head.slice(n, head.length()));
      }
    }
  }

  private void dispatch() {
    ByteBuf data = current;
    current = null;
    int len = data.writerIndex();
    int shardLen = (len + k - 1) / k;
    data.writeZero(k * shardLen - len);
    long offset = nextOffset;
    nextOffset += len;
    inFlight++;
    long start = System.nanoTime();
    stripes.write(scheme, data, len, shardLen, offset)
        .onComplete(ar -> context.runOnContext(v -> stripeDone(ar, data, start)));
  }

  private void stripeDone(AsyncResult<Stripe> ar, ByteBuf data, long startNanos) {
    inFlight--;
    long budget = budgetOf(data.capacity());
    data.release();
    client.budget().release(budget);
    if (ar.succeeded()) {
      Stripe s = ar.result();
      client.metrics().stripesWritten.increment();
      client.metrics().bytesWritten.increment(s.getLength());
      client.metrics().stripeWrite.record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
      if (failure != null || aborted) {
        client.placement().abandonStripe(s.getGroupId(), s.getStripeId());
      } else {
        done.put(s.getOffset(), s);
        if (stripeHandler != null) {
          stripeHandler.handle(s);
        }
      }
    } else {
      if (ar.cause() instanceof WriteQuorumException) {
        client.metrics().quorumMisses.increment();
      }
      fail(ar.cause());
    }
    pump();
    drainIfRoom();
    finishIfDone();
  }

  private void drainIfRoom() {
    if (wasFull && !writeQueueFull() && drainHandler != null) {
      wasFull = false;
      drainHandler.handle(null);
    }
  }

  private void finishIfDone() {
    if (failure == null && !aborted && ended && inFlight == 0 && pending.isEmpty() && current == null && !acquiring) {
      result.tryComplete(new WriteResult(written, new ArrayList<>(done.values())));
    }
  }

  private void fail(Throwable cause) {
    if (failure != null) {
      return;
    }
    failure = cause;
    if (stripeHandler == null) {
      for (Stripe s : done.values()) {
        client.placement().abandonStripe(s.getGroupId(), s.getStripeId());
      }
    }
    done.clear();
    pending.clear();
    pendingBytes = 0;
    releaseCurrent();
    result.tryFail(cause);
    if (exceptionHandler != null && !aborted) {
      exceptionHandler.handle(cause);
    }
  }

  private void releaseCurrent() {
    if (current != null) {
      long budget = budgetOf(current.capacity());
      current.release();
      current = null;
      client.budget().release(budget);
    }
  }

  /** Budget of a stripe buffer of {@code capacity} data bytes (a multiple of k): its k + m shards. */
  private long budgetOf(int capacity) {
    return (long) (k + m) * (capacity / k);
  }

  private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> action) {
    if (Vertx.currentContext() == context) {
      return action.get();
    }
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(p));
    return p.future();
  }
}
