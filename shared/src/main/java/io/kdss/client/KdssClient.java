package io.kdss.client;

import io.kdss.proto.EcScheme;
import io.kdss.proto.Stripe;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * The client library's entry point, shared by the S3 gateway and the FUSE mount: streams
 * object bytes into erasure-coded stripes on storage nodes ({@link ObjectWriter}) and back
 * ({@link ObjectReader}). One instance per process; it holds the codecs, the EC worker pool,
 * the memory budget, cached groups and stripe ids. It does not touch the namespace: callers
 * record the stripes a writer returns and hand readers the stripes of the range they read.
 */
public final class KdssClient {

  private final Vertx vertx;
  private final ClientOptions options;
  private final StripePlacement placement;
  private final ShardTransport transport;
  private final StripeCoder coder;
  private final GroupCache groups;
  private final StripeIds stripeIds;
  private final MemoryBudget budget;
  private final ClientMetrics metrics;

  public KdssClient(Vertx vertx, ClientOptions options, StripePlacement placement, ShardTransport transport,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.options = options.validate();
    this.placement = placement;
    this.transport = transport;
    this.coder = new StripeCoder(vertx, options.ecThreads());
    this.groups = new GroupCache(placement, options.groupReuseMs());
    this.stripeIds = new StripeIds(placement);
    this.budget = new MemoryBudget(options.memoryBudget());
    this.metrics = new ClientMetrics(registry == null ? new SimpleMeterRegistry() : registry);
  }

  /**
   * A stream that writes the bytes piped into it as stripes of {@code scheme}, the first one
   * at object offset {@code offset}; {@link ObjectWriter#result()} gives the stripes to record.
   * Call from a Vert.x context (the writer's callbacks run there).
   */
  public ObjectWriter writer(EcScheme scheme, long offset) {
    validate(scheme);
    if ((long) scheme.getK() * options.shardSize() > ClientOptions.MAX_STRIPE_DATA) {
      throw new IllegalArgumentException("EC scheme " + scheme.getK() + "+" + scheme.getM() + " with shardSize "
          + options.shardSize() + " makes stripes of " + (long) scheme.getK() * options.shardSize()
          + " data bytes, over the " + ClientOptions.MAX_STRIPE_DATA + " a stripe may hold: lower client.shardSize");
    }
    return new ObjectWriter(this, scheme, offset);
  }

  /**
   * A stream of the bytes [offset, offset + length) of an object made of {@code stripes}
   * (sorted by offset, covering the range). Call from a Vert.x context.
   */
  public ObjectReader reader(List<Stripe> stripes, long offset, long length) {
    return new ObjectReader(this, stripes, offset, length);
  }

  public Future<Void> close() {
    return coder.close();
  }

  private static void validate(EcScheme scheme) {
    if (scheme.getK() < 1 || scheme.getK() > 32 || scheme.getM() < 0 || scheme.getM() > 8) {
      throw new IllegalArgumentException("EC scheme " + scheme.getK() + "+" + scheme.getM()
          + " is outside k 1..32, m 0..8");
    }
  }

  Vertx vertx() {
    return vertx;
  }

  ClientOptions options() {
    return options;
  }

  StripePlacement placement() {
    return placement;
  }

  ShardTransport transport() {
    return transport;
  }

  StripeCoder coder() {
    return coder;
  }

  GroupCache groups() {
    return groups;
  }

  StripeIds stripeIds() {
    return stripeIds;
  }

  MemoryBudget budget() {
    return budget;
  }

  ClientMetrics metrics() {
    return metrics;
  }
}
