package io.kdss.storage.io;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A disk as the storage engine sees it: positional reads and writes of 4 KiB-aligned
 * off-heap buffers, and durable writes. Implemented by io_uring ({@link UringBlockDevice})
 * and by FileChannel where io_uring is unavailable ({@link ChannelBlockDevice}); tests wrap
 * it in failing decorators.
 *
 * <p>Completions may run on the device's own thread: callers attach cheap continuations or
 * use an executor.
 */
public interface BlockDevice extends AutoCloseable {

  /** Alignment of every offset, length and buffer address. */
  int ALIGNMENT = 4096;

  String path();

  long sizeBytes();

  /** "io_uring" or "filechannel", and whether O_DIRECT is on: for logs and /health. */
  String engine();

  boolean direct();

  /** Reads exactly {@code into.byteSize()} bytes at {@code offset}; a short read is an error. */
  CompletableFuture<Void> read(long offset, MemorySegment into);

  /**
   * Writes every slice; with {@code durable} the future completes only once the bytes are on
   * stable storage (an fdatasync submitted after the writes completed, possibly shared with
   * other durable writes), which is the acknowledgement rule.
   */
  CompletableFuture<Void> write(List<IoSlice> slices, boolean durable);

  /**
   * Why the device can no longer do I/O at all (its I/O thread died), or null. Once set,
   * every operation fails at once: the disk is FAILED.
   */
  default String failure() {
    return null;
  }

  @Override
  void close();

  /** One aligned piece of a write. */
  record IoSlice(long offset, MemorySegment data) {
    public IoSlice {
      if (offset % ALIGNMENT != 0 || data.byteSize() % ALIGNMENT != 0 || data.address() % ALIGNMENT != 0) {
        throw new IllegalArgumentException("unaligned I/O: offset " + offset + " length " + data.byteSize());
      }
    }
  }

  static void checkAligned(long offset, MemorySegment buf) {
    if (offset % ALIGNMENT != 0 || buf.byteSize() % ALIGNMENT != 0 || buf.address() % ALIGNMENT != 0) {
      throw new IllegalArgumentException("unaligned I/O: offset " + offset + " length " + buf.byteSize());
    }
  }
}
