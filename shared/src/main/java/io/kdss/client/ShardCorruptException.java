package io.kdss.client;

/** A shard came back with the wrong length or a CRC32C that does not match its stripe record. */
public final class ShardCorruptException extends RuntimeException {

  public ShardCorruptException(String message) {
    super(message);
  }
}
