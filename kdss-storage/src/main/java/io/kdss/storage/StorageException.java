package io.kdss.storage;

/**
 * Every failure the storage engine reports on purpose; the whole hierarchy is the four
 * nested types, each with one meaning a caller can act on (the shard server maps them to
 * wire status codes).
 */
public abstract sealed class StorageException extends RuntimeException
    permits StorageException.Corrupt, StorageException.DiskFull, StorageException.Unavailable,
    StorageException.Refused {

  protected StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Bytes on disk failed a check (magic, CRC, identity): never returned as data. */
  public static final class Corrupt extends StorageException {
    public Corrupt(String message) {
      super(message, null);
    }
  }

  /** No free segment is left for the append. */
  public static final class DiskFull extends StorageException {
    public DiskFull(String message) {
      super(message, null);
    }
  }

  /** The disk is read-only, failed, offline or closed, or its I/O failed. */
  public static final class Unavailable extends StorageException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A request that cannot be served as asked (too large, wrong disk, bad argument). */
  public static final class Refused extends StorageException {
    public Refused(String message) {
      super(message, null);
    }
  }
}
