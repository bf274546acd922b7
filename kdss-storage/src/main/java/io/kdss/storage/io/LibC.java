package io.kdss.storage.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls the disk layer needs, bound through Panama (FFM): open with O_DIRECT,
 * eventfd, mmap for the io_uring rings and the raw io_uring syscalls. Each call captures
 * errno, and a failure is an {@link IOException} naming the call and the errno.
 */
final class LibC {

  static final int O_RDONLY = 0;
  static final int O_RDWR = 2;
  static final int O_DIRECT = 0x4000;
  static final int O_CLOEXEC = 0x80000;
  static final int EFD_CLOEXEC = 0x80000;
  static final int PROT_READ = 1;
  static final int PROT_WRITE = 2;
  static final int MAP_SHARED = 1;
  static final int MAP_PRIVATE = 2;
  static final int MAP_ANONYMOUS = 0x20;
  static final int MADV_HUGEPAGE = 14;
  static final int MAP_POPULATE = 0x8000;
  static final int SEEK_END = 2;
  static final int EINTR = 4;
  static final int EINVAL = 22;
  static final long SYS_IO_URING_SETUP = 425;
  static final long SYS_IO_URING_ENTER = 426;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

  private static final MethodHandle OPEN = bind("open",
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
      Linker.Option.firstVariadicArg(2));
  private static final MethodHandle CLOSE = bind("close",
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  private static final MethodHandle LSEEK = bind("lseek",
      FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
  private static final MethodHandle EVENTFD = bind("eventfd",
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  private static final MethodHandle WRITE = bind("write",
      FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
  private static final MethodHandle MMAP = bind("mmap",
      FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
          ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
  private static final MethodHandle MUNMAP = bind("munmap",
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
  private static final MethodHandle MADVISE = bind("madvise",
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
  private static final MethodHandle SYSCALL = bind("syscall",
      FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
          ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
      Linker.Option.firstVariadicArg(1));
  private static final MethodHandle STRERROR = bindPlain("strerror",
      FunctionDescriptor.of(ValueLayout.ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(256, ValueLayout.JAVA_BYTE)),
          ValueLayout.JAVA_INT));

  private LibC() {
  }

  /** A failed call: {@code errno} kept so callers can tell EINVAL (no O_DIRECT) from the rest. */
  static final class ErrnoException extends IOException {
    private final int errno;

    ErrnoException(String call, int errno) {
      super(call + " failed: " + describe(errno) + " (errno " + errno + ")");
      this.errno = errno;
    }

    int errno() {
      return errno;
    }
  }

  static int open(String path, int flags) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment state = a.allocate(CAPTURE);
      int fd = (int) OPEN.invokeExact(state, a.allocateFrom(path), flags, 0);
      return (int) check("open " + path, fd, state);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  static void close(int fd) {
    try (Arena a = Arena.ofConfined()) {
      int rc = (int) CLOSE.invokeExact(a.allocate(CAPTURE), fd);
      assert rc == 0 || rc == -1;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** The size of a file or block device in bytes (lseek to the end works for both). */
  static long size(int fd) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment state = a.allocate(CAPTURE);
      long rc = (long) LSEEK.invokeExact(state, fd, 0L, SEEK_END);
      return check("lseek", rc, state);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  static int eventfd() throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment state = a.allocate(CAPTURE);
      int fd = (int) EVENTFD.invokeExact(state, 0, EFD_CLOEXEC);
      return (int) check("eventfd", fd, state);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** Adds one to an eventfd counter (wakes a reader of it). */
  static void signal(int eventFd, MemorySegment eightBytes) {
    try (Arena a = Arena.ofConfined()) {
      eightBytes.set(ValueLayout.JAVA_LONG, 0, 1L);
      long rc = (long) WRITE.invokeExact(a.allocate(CAPTURE), eventFd, eightBytes, 8L);
      assert rc == 8 || rc == -1;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  static MemorySegment mmap(long length, int fd, long offset) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment state = a.allocate(CAPTURE);
      MemorySegment p = (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, length,
          PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, offset);
      if (p.address() == -1L) {
        throw new ErrnoException("mmap", (int) ERRNO.get(state, 0L));
      }
      return p.reinterpret(length);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** Private anonymous memory (zero-filled on first touch), not populated. */
  static MemorySegment mmapAnonymous(long length) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment state = a.allocate(CAPTURE);
      MemorySegment p = (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, length,
          PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0L);
      if (p.address() == -1L) {
        throw new ErrnoException("mmap", (int) ERRNO.get(state, 0L));
      }
      return p.reinterpret(length);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** madvise; returns false (and changes nothing) where the kernel refuses the advice. */
  static boolean madvise(MemorySegment range, int advice) {
    try (Arena a = Arena.ofConfined()) {
      return (int) MADVISE.invokeExact(a.allocate(CAPTURE), range, range.byteSize(), advice) == 0;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  static void munmap(MemorySegment mapping) {
    try (Arena a = Arena.ofConfined()) {
      int rc = (int) MUNMAP.invokeExact(a.allocate(CAPTURE), mapping, mapping.byteSize());
      assert rc == 0 || rc == -1;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** A raw syscall; returns the result or throws with errno. EINTR is returned as -EINTR. */
  static long syscall(String name, long nr, long a1, long a2, long a3, long a4, long a5, long a6) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment state = a.allocate(CAPTURE);
      long rc = (long) SYSCALL.invokeExact(state, nr, a1, a2, a3, a4, a5, a6);
      if (rc == -1) {
        int errno = (int) ERRNO.get(state, 0L);
        if (errno == EINTR) {
          return -EINTR;
        }
        throw new ErrnoException(name, errno);
      }
      return rc;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  static String describe(int errno) {
    try {
      MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
      return s.getString(0);
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }

  private static long check(String call, long rc, MemorySegment state) throws IOException {
    if (rc == -1) {
      throw new ErrnoException(call, (int) ERRNO.get(state, 0L));
    }
    return rc;
  }

  private static MethodHandle bind(String name, FunctionDescriptor fd, Linker.Option... extra) {
    Linker.Option[] options = new Linker.Option[extra.length + 1];
    options[0] = CAPTURE_ERRNO;
    System.arraycopy(extra, 0, options, 1, extra.length);
    return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd, options);
  }

  private static MethodHandle bindPlain(String name, FunctionDescriptor fd) {
    return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd);
  }
}
