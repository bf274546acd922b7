package io.kdss.storage.io;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A failing decorator of a real device (Ambry's InterruptionInducingLog): the write call
 * number {@code crashAt} is torn (only the first half of its first slice reaches the disk)
 * and fails, and every write after it fails, as if the machine died there. Reads pass.
 */
public final class FaultyBlockDevice extends ForwardingBlockDevice {

  private final int crashAt;
  private final AtomicInteger writes = new AtomicInteger();

  public FaultyBlockDevice(BlockDevice real, int crashAt) {
    super(real);
    this.crashAt = crashAt;
  }

  public boolean crashed() {
    return writes.get() >= crashAt;
  }

  @Override
  public CompletableFuture<Void> write(List<IoSlice> slices, boolean durable) {
    int n = writes.incrementAndGet();
    if (n < crashAt) {
      return real.write(slices, durable);
    }
    if (n == crashAt && !slices.isEmpty()) {
      IoSlice first = slices.getFirst();
      long half = (first.data().byteSize() / 2) & ~4095L;
      if (half > 0) {
        MemorySegment part = first.data().asSlice(0, half);
        return real.write(List.of(new IoSlice(first.offset(), part)), true)
            .thenCompose(v -> CompletableFuture.failedFuture(new IOException("simulated crash (torn write " + n + ")")));
      }
    }
    return CompletableFuture.failedFuture(new IOException("simulated crash (write " + n + " after the crash)"));
  }
}
