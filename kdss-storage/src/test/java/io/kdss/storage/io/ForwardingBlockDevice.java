package io.kdss.storage.io;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A device that passes every call to a real one; fault-injecting test devices override what they break. */
public abstract class ForwardingBlockDevice implements BlockDevice {

  protected final BlockDevice real;

  protected ForwardingBlockDevice(BlockDevice real) {
    this.real = real;
  }

  @Override
  public CompletableFuture<Void> write(List<IoSlice> slices, boolean durable) {
    return real.write(slices, durable);
  }

  @Override
  public CompletableFuture<Void> read(long offset, MemorySegment into) {
    return real.read(offset, into);
  }

  @Override
  public String path() {
    return real.path();
  }

  @Override
  public long sizeBytes() {
    return real.sizeBytes();
  }

  @Override
  public String engine() {
    return real.engine();
  }

  @Override
  public boolean direct() {
    return real.direct();
  }

  @Override
  public String failure() {
    return real.failure();
  }

  @Override
  public void close() {
    real.close();
  }
}
