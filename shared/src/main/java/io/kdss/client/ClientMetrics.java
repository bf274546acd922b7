package io.kdss.client;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** What the write and read paths count, for /metrics and the dashboard. */
final class ClientMetrics {

  final Counter bytesWritten;
  final Counter bytesRead;
  final Counter stripesWritten;
  final Counter stripesRead;
  final Counter degradedReads;
  final Counter hedgedReads;
  final Counter badShards;
  final Counter rerouted;
  final Counter quorumMisses;
  final Timer stripeWrite;
  final Timer stripeRead;

  ClientMetrics(MeterRegistry r) {
    bytesWritten = Counter.builder("kdss.client.bytes.written").description("Object bytes written").register(r);
    bytesRead = Counter.builder("kdss.client.bytes.read").description("Object bytes read").register(r);
    stripesWritten = Counter.builder("kdss.client.stripes.written").register(r);
    stripesRead = Counter.builder("kdss.client.stripes.read").register(r);
    degradedReads = Counter.builder("kdss.client.reads.degraded")
        .description("Stripe reads that needed parity (a shard missing, corrupt or failing)").register(r);
    hedgedReads = Counter.builder("kdss.client.reads.hedged")
        .description("Stripe reads that went around a slow shard").register(r);
    rerouted = Counter.builder("kdss.client.reads.rerouted")
        .description("Shard reads that followed a group member moved by repair, drain or rebalancing").register(r);
    badShards = Counter.builder("kdss.client.shards.bad").description("Shards reported for repair").register(r);
    quorumMisses = Counter.builder("kdss.client.stripes.quorum.missed").register(r);
    stripeWrite = Timer.builder("kdss.client.stripe.write").publishPercentiles(0.5, 0.99).register(r);
    stripeRead = Timer.builder("kdss.client.stripe.read").publishPercentiles(0.5, 0.99).register(r);
  }
}
