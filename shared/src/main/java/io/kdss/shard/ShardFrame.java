package io.kdss.shard;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * One message of the data-plane protocol (requests and responses share it), sent over TCP
 * back to back; requests are pipelined and answered by {@code requestId}.
 *
 * <pre>
 * offset size field (big-endian)
 *      0    4 magic "KDSP"
 *      4    1 version (1)
 *      5    1 op (ShardOp code; responses echo it)
 *      6    2 status (ShardStatus code; 0 in requests)
 *      8    8 requestId
 *     16   16 diskId (UUID)
 *     32    8 stripeId (LIST: first stripe)
 *     40    4 shardIndex
 *     44    4 payloadCrc (CRC32C of the PUT/GET payload, end to end)
 *     48    4 bodyLength
 *     52    4 headerCrc (CRC32C of bytes [0, 52))
 *     56      body: PUT request / GET response: the payload; DELETE request: count u32 +
 *             (stripeId u64, shardIndex u32) x count; LIST request: toStripe u64, limit u32;
 *             LIST response: count u32 + (stripeId u64, shardIndex u32, length u32, crc u32) x count;
 *             STAT response: length u32; error responses: the message, UTF-8
 * </pre>
 */
public record ShardFrame(ShardOp op, ShardStatus status, long requestId, UUID diskId, long stripeId, int shardIndex,
    int payloadCrc, Buffer body) {

  public static final int HEADER_BYTES = 56;
  public static final int MAGIC = 0x4b445350;
  public static final int VERSION = 1;
  /** Largest body accepted (a 16 MiB shard plus room). */
  public static final int MAX_BODY_BYTES = (16 << 20) + 4096;

  public static ShardFrame request(ShardOp op, long requestId, UUID diskId, long stripeId, int shardIndex,
      int payloadCrc, Buffer body) {
    return new ShardFrame(op, ShardStatus.OK, requestId, diskId, stripeId, shardIndex, payloadCrc, body);
  }

  public ShardFrame reply(ShardStatus s, int crc, Buffer replyBody) {
    return new ShardFrame(op, s, requestId, diskId, stripeId, shardIndex, crc, replyBody);
  }

  public ShardFrame error(ShardStatus s, String message) {
    return reply(s, 0, Buffer.buffer(message == null ? "" : message));
  }

  /** The header, ready to be followed by {@link #body()} on the wire. */
  public Buffer encodeHeader() {
    Buffer h = Buffer.buffer(HEADER_BYTES);
    h.appendInt(MAGIC).appendByte((byte) VERSION).appendByte((byte) op.code).appendShort((short) status.code)
        .appendLong(requestId).appendLong(diskId.getMostSignificantBits()).appendLong(diskId.getLeastSignificantBits())
        .appendLong(stripeId).appendInt(shardIndex).appendInt(payloadCrc).appendInt(body == null ? 0 : body.length());
    h.appendInt(crc(h));
    return h;
  }

  /** Header and body in one buffer (small messages). */
  public Buffer encode() {
    Buffer b = encodeHeader();
    return body == null ? b : b.appendBuffer(body);
  }

  /** Reads a header; the body is attached with {@link #withBody}. Throws BAD_REQUEST on a broken header. */
  public static ShardFrame decodeHeader(Buffer h) {
    if (h.getInt(0) != MAGIC) {
      throw new ShardException(ShardStatus.BAD_REQUEST, "not a KDSS data-plane frame (bad magic)");
    }
    if (h.getInt(52) != crc(h.slice(0, 52))) {
      throw new ShardException(ShardStatus.BAD_REQUEST, "frame header CRC mismatch");
    }
    if (h.getByte(4) != VERSION) {
      throw new ShardException(ShardStatus.BAD_REQUEST, "protocol version " + h.getByte(4) + " not supported");
    }
    int bodyLength = h.getInt(48);
    if (bodyLength < 0 || bodyLength > MAX_BODY_BYTES) {
      throw new ShardException(ShardStatus.BAD_REQUEST, "body of " + bodyLength + " bytes exceeds " + MAX_BODY_BYTES);
    }
    return new ShardFrame(ShardOp.of(h.getByte(5)), ShardStatus.of(h.getShort(6)), h.getLong(8),
        new UUID(h.getLong(16), h.getLong(24)), h.getLong(32), h.getInt(40), h.getInt(44), null);
  }

  public ShardFrame withBody(Buffer b) {
    return new ShardFrame(op, status, requestId, diskId, stripeId, shardIndex, payloadCrc, b);
  }

  /** CRC32C of a buffer without copying it (Netty's NIO view of the bytes). */
  public static int crc32c(Buffer b) {
    CRC32C c = new CRC32C();
    c.update(((BufferInternal) b).getByteBuf().nioBuffer());
    return (int) c.getValue();
  }

  private static int crc(Buffer b) {
    CRC32C c = new CRC32C();
    c.update(b.getBytes(0, 52));
    return (int) c.getValue();
  }
}
