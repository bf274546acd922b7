package io.kdss.storage.io;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The fallback where io_uring is unavailable (old kernels, seccomp): positional FileChannel
 * I/O with O_DIRECT when the filesystem allows it, on a small pool of threads per device.
 * Durable writes end with {@code force(false)} (fdatasync).
 */
public final class ChannelBlockDevice implements BlockDevice {

  private static final int READ_THREADS = 4;

  private final String path;
  private final FileChannel channel;
  private final boolean direct;
  private final long size;
  private final ExecutorService writer;
  private final ExecutorService readers;

  ChannelBlockDevice(Path path, boolean direct, boolean readOnly) throws IOException {
    this.path = path.toString();
    List<OpenOption> opts = new ArrayList<>(List.of(StandardOpenOption.READ));
    if (!readOnly) {
      opts.add(StandardOpenOption.WRITE);
    }
    if (direct) {
      opts.add(ExtendedOpenOption.DIRECT);
    }
    this.channel = FileChannel.open(path, opts.toArray(OpenOption[]::new));
    this.direct = direct;
    long s = channel.size();
    if (s == 0) {
      int fd = LibC.open(path.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
      try {
        s = LibC.size(fd);
      } finally {
        LibC.close(fd);
      }
    }
    this.size = s;
    String name = UringBlockDevice.shortName(this.path);
    this.writer = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("kdss-io-w-" + name).factory());
    this.readers = Executors.newFixedThreadPool(READ_THREADS, Thread.ofPlatform().daemon().name("kdss-io-r-" + name + "-", 0).factory());
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public long sizeBytes() {
    return size;
  }

  @Override
  public String engine() {
    return "filechannel";
  }

  @Override
  public boolean direct() {
    return direct;
  }

  @Override
  public CompletableFuture<Void> read(long offset, MemorySegment into) {
    BlockDevice.checkAligned(offset, into);
    return CompletableFuture.runAsync(() -> {
      try {
        ByteBuffer b = into.asByteBuffer();
        long pos = offset;
        while (b.hasRemaining()) {
          int n = channel.read(b, pos);
          if (n < 0) {
            throw new IOException("short read on " + path + " at " + offset);
          }
          pos += n;
        }
      } catch (IOException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    }, readers);
  }

  @Override
  public CompletableFuture<Void> write(List<IoSlice> slices, boolean durable) {
    return CompletableFuture.runAsync(() -> {
      try {
        for (IoSlice s : slices) {
          ByteBuffer b = s.data().asByteBuffer();
          long pos = s.offset();
          while (b.hasRemaining()) {
            pos += channel.write(b, pos);
          }
        }
        if (durable) {
          channel.force(false);
        }
      } catch (IOException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    }, writer);
  }

  @Override
  public void close() {
    writer.shutdown();
    readers.shutdown();
    try {
      channel.close();
    } catch (IOException e) {
      // Closing a channel we only read and wrote positionally cannot lose data: writes were forced.
    }
  }
}
