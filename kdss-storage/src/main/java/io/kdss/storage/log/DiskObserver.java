package io.kdss.storage.log;

/** What a disk's log reports to health and metrics; the defaults ignore everything. */
public interface DiskObserver {

  DiskObserver NONE = new DiskObserver() {
  };

  /** A batch of {@code records} was appended durably: {@code bytes} in {@code nanos} (write + sync). */
  default void appended(int records, long bytes, long nanos) {
  }

  /** A record was read and verified. */
  default void read(long bytes, long nanos) {
  }

  /** An I/O call failed. */
  default void ioError(Throwable cause) {
  }

  /** A durable append failed (the disk may be dying); also an I/O error. */
  default void writeFailed(Throwable cause) {
    ioError(cause);
  }

  /** The disk can no longer be written at all (its I/O thread died, its index failed): it is FAILED. */
  default void fatal(String reason) {
  }

  /** A record failed its checks (CRC, identity) on a read. */
  default void corruption(String what) {
  }
}
