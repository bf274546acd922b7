package io.kdss.shard;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * Cuts a TCP byte stream into {@link ShardFrame}s: a fixed header, then the body it announces.
 * A body is copied at most once, into a buffer of its exact size (or sliced without a copy
 * when it arrives whole in one chunk): Vert.x's RecordParser re-copies its remainder on every
 * chunk, which costs several copies per megabyte-sized shard.
 */
public final class ShardFrameParser implements Handler<Buffer> {

  private final Handler<ShardFrame> frames;
  private final Handler<Throwable> errors;
  private Buffer header = Buffer.buffer(ShardFrame.HEADER_BYTES);
  private ShardFrame pending;
  private Buffer body;
  private int bodyLength;
  private boolean failed;

  public ShardFrameParser(Handler<ShardFrame> frames, Handler<Throwable> errors) {
    this.frames = frames;
    this.errors = errors;
  }

  @Override
  public void handle(Buffer data) {
    int pos = 0;
    int len = data.length();
    while (pos < len && !failed) {
      if (pending == null) {
        int n = Math.min(ShardFrame.HEADER_BYTES - header.length(), len - pos);
        header.appendBuffer(data, pos, n);
        pos += n;
        if (header.length() == ShardFrame.HEADER_BYTES) {
          startFrame();
        }
      } else if (body == null && len - pos >= bodyLength) {
        emit(data.slice(pos, pos + bodyLength));
        pos += bodyLength;
      } else {
        if (body == null) {
          body = Buffer.buffer(bodyLength);
        }
        int n = Math.min(bodyLength - body.length(), len - pos);
        body.appendBuffer(data, pos, n);
        pos += n;
        if (body.length() == bodyLength) {
          emit(body);
        }
      }
    }
  }

  private void startFrame() {
    ShardFrame head;
    try {
      head = ShardFrame.decodeHeader(header);
    } catch (RuntimeException e) {
      failed = true;
      errors.handle(e);
      return;
    }
    bodyLength = header.getInt(48);
    pending = head;
    resetHeader();
    if (bodyLength == 0) {
      emit(Buffer.buffer(0));
    }
  }

  private void resetHeader() {
    header = Buffer.buffer(ShardFrame.HEADER_BYTES);
  }

  private void emit(Buffer b) {
    ShardFrame f = pending.withBody(b);
    pending = null;
    body = null;
    frames.handle(f);
  }
}
