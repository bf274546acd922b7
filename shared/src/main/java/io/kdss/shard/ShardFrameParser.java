package io.kdss.shard;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import java.util.function.BiConsumer;

/**
 * Cuts a TCP byte stream into {@link ShardFrame}s: a fixed header, then the body it announces.
 * A body is copied once, from the socket's buffers into a buffer of its exact size.
 *
 * <p>Fed by {@link #attach} (a socket's raw Netty buffers, released here), a body costs that
 * one copy; a plain {@code socket.handler(parser)} also works but Vert.x first copies every
 * received chunk to the heap. Vert.x's RecordParser re-copied its remainder on every chunk,
 * which costs several copies per megabyte-sized shard.
 *
 * <p>Bodies are heap buffers the garbage collector frees ({@link #ShardFrameParser}), or
 * pooled direct buffers ({@link #pooled}) that the frame handler owns and must release: the
 * storage node's way, whose append reads them once more and then lets them go.
 */
public final class ShardFrameParser implements Handler<Buffer> {

  private static final Buffer EMPTY = Buffer.buffer(0);

  private final BiConsumer<ShardFrame, ByteBuf> frames;
  private final Handler<Throwable> errors;
  private final boolean pooled;
  private final ByteBuf header = Unpooled.buffer(ShardFrame.HEADER_BYTES, ShardFrame.HEADER_BYTES);
  private ShardFrame pending;
  private ByteBuf body;
  private int bodyLength;
  private boolean failed;
  private boolean closed;

  private ShardFrameParser(BiConsumer<ShardFrame, ByteBuf> frames, Handler<Throwable> errors, boolean pooled) {
    this.frames = frames;
    this.errors = errors;
    this.pooled = pooled;
  }

  /** Frames with heap bodies, freed by the garbage collector. */
  public ShardFrameParser(Handler<ShardFrame> frames, Handler<Throwable> errors) {
    this((f, owned) -> frames.handle(f), errors, false);
  }

  /**
   * Frames with pooled direct bodies: {@code frames} gets each frame with the buffer under its
   * body (null for an empty body), and must release it once done with the body.
   */
  public static ShardFrameParser pooled(BiConsumer<ShardFrame, ByteBuf> frames, Handler<Throwable> errors) {
    return new ShardFrameParser(frames, errors, true);
  }

  /**
   * Reads {@code socket}'s bytes as Netty delivers them (no copy to the heap first); its
   * pause/resume keep working. The socket's close handler should call {@link #close}.
   */
  public ShardFrameParser attach(NetSocketInternal socket) {
    socket.messageHandler(this::message);
    return this;
  }

  @Override
  public void handle(Buffer data) {
    parse(((BufferInternal) data).getByteBuf());
  }

  private void message(Object msg) {
    try {
      if (msg instanceof ByteBuf buf && !closed) {
        parse(buf);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  /** Drops a partly received body (the connection went away); later bytes are ignored. */
  public void close() {
    closed = true;
    if (body != null) {
      body.release();
      body = null;
    }
  }

  private void parse(ByteBuf data) {
    int pos = data.readerIndex();
    int end = data.writerIndex();
    while (pos < end && !failed && !closed) {
      if (pending == null) {
        int n = Math.min(header.writableBytes(), end - pos);
        header.writeBytes(data, pos, n);
        pos += n;
        if (!header.isWritable()) {
          startFrame();
        }
      } else {
        int n = Math.min(bodyLength - body.writerIndex(), end - pos);
        body.writeBytes(data, pos, n);
        pos += n;
        if (body.writerIndex() == bodyLength) {
          emit();
        }
      }
    }
  }

  private void startFrame() {
    ShardFrame head;
    try {
      head = ShardFrame.decodeHeader(BufferInternal.buffer(header));
    } catch (RuntimeException e) {
      failed = true;
      errors.handle(e);
      return;
    }
    bodyLength = header.getInt(48);
    header.clear();
    pending = head;
    if (bodyLength == 0) {
      ShardFrame f = pending.withBody(EMPTY);
      pending = null;
      frames.accept(f, null);
      return;
    }
    body = pooled ? PooledByteBufAllocator.DEFAULT.directBuffer(bodyLength, bodyLength)
        : Unpooled.buffer(bodyLength, bodyLength);
  }

  private void emit() {
    ByteBuf b = body;
    ShardFrame f = pending.withBody(BufferInternal.buffer(b));
    pending = null;
    body = null;
    frames.accept(f, b);
  }
}
