package io.kdss.s3.backend;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.Map;

/**
 * An opened object version: its info is fixed, and reads return bytes of exactly that version
 * even if the key is overwritten meanwhile (the gateway evaluates preconditions on {@link #info()}
 * and then reads, so both must see the same version).
 */
public interface ObjectHandle {

  ObjectInfo info();

  /** The version's tag set (empty when it has none): CopyObject copies it by default. */
  Map<String, String> tags();

  /**
   * Streams {@code length} bytes from {@code offset} (both within the object). The stream honours
   * pause/fetch so bytes are produced only as fast as the client reads; it ends after the last
   * byte or fails with an S3Exception.
   */
  ReadStream<Buffer> read(long offset, long length);

  /** Releases what the handle pins; called once, after the read ended, failed or was abandoned. */
  void close();
}
