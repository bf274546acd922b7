package io.kdss.storage.io;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds the first write until a gate opens, then writes it; later writes go straight through.
 * For tests that need requests queued behind a write in flight.
 */
public final class GatedBlockDevice extends ForwardingBlockDevice {

  private final CompletableFuture<Void> gate;
  /** Writes asked for so far (the first one counts as soon as it is held). */
  public final AtomicInteger writes = new AtomicInteger();

  public GatedBlockDevice(BlockDevice real, CompletableFuture<Void> gate) {
    super(real);
    this.gate = gate;
  }

  @Override
  public CompletableFuture<Void> write(List<IoSlice> slices, boolean durable) {
    if (writes.incrementAndGet() == 1) {
      return gate.thenCompose(v -> real.write(slices, durable));
    }
    return real.write(slices, durable);
  }
}
