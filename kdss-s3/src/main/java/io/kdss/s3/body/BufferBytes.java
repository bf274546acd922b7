package io.kdss.s3.body;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.zip.Checksum;

/** Feeds a Vert.x buffer's bytes to digests and checksums without copying them. */
final class BufferBytes {

  private BufferBytes() {
  }

  static void update(MessageDigest digest, Buffer b) {
    for (ByteBuffer nio : nioBuffers(b)) {
      digest.update(nio);
    }
  }

  static void update(Checksum checksum, Buffer b) {
    for (ByteBuffer nio : nioBuffers(b)) {
      checksum.update(nio);
    }
  }

  private static ByteBuffer[] nioBuffers(Buffer b) {
    if (b instanceof BufferInternal bi) {
      ByteBuf buf = bi.getByteBuf();
      return buf.nioBuffers(buf.readerIndex(), buf.readableBytes());
    }
    return new ByteBuffer[] {ByteBuffer.wrap(b.getBytes())};
  }
}
