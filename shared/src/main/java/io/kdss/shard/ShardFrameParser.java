package io.kdss.shard;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;

/** Cuts a TCP byte stream into {@link ShardFrame}s: a fixed header, then the body it announces. */
public final class ShardFrameParser implements Handler<Buffer> {

  private final RecordParser parser;
  private ShardFrame pending;

  public ShardFrameParser(Handler<ShardFrame> frames, Handler<Throwable> errors) {
    this.parser = RecordParser.newFixed(ShardFrame.HEADER_BYTES);
    parser.handler(chunk -> {
      if (pending == null) {
        ShardFrame head;
        try {
          head = ShardFrame.decodeHeader(chunk);
        } catch (RuntimeException e) {
          errors.handle(e);
          return;
        }
        int len = chunk.getInt(48);
        if (len == 0) {
          frames.handle(head.withBody(Buffer.buffer(0)));
        } else {
          pending = head;
          parser.fixedSizeMode(len);
        }
      } else {
        ShardFrame f = pending.withBody(chunk);
        pending = null;
        parser.fixedSizeMode(ShardFrame.HEADER_BYTES);
        frames.handle(f);
      }
    });
  }

  @Override
  public void handle(Buffer data) {
    parser.handle(data);
  }
}
