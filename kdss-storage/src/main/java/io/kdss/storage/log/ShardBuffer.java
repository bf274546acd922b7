package io.kdss.storage.log;

import io.kdss.storage.index.ShardLocation;
import io.kdss.storage.io.AlignedBuffers;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A shard read back and verified, still in the pooled off-heap buffer the disk read it into:
 * the data plane sends {@link #payload()} straight to the socket, no copy to the heap.
 * {@link #close()} gives the buffer back to the pool; the payload must not be touched after.
 */
public final class ShardBuffer implements AutoCloseable {

  private final AlignedBuffers pool;
  private final AlignedBuffers.Buffer buffer;
  private final MemorySegment payload;
  private final ShardLocation location;
  private final AtomicBoolean closed = new AtomicBoolean();

  ShardBuffer(AlignedBuffers pool, AlignedBuffers.Buffer buffer, MemorySegment payload, ShardLocation location) {
    this.pool = pool;
    this.buffer = buffer;
    this.payload = payload;
    this.location = location;
  }

  /** The verified payload (a slice of the pooled buffer). */
  public MemorySegment payload() {
    return payload;
  }

  public ShardLocation location() {
    return location;
  }

  /** The payload's CRC32C, as stored and as just verified. */
  public int crc() {
    return location.payloadCrc();
  }

  /** Returns the buffer to the pool; later calls do nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      pool.release(buffer);
    }
  }
}
