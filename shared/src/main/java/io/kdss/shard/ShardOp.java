package io.kdss.shard;

/** Data-plane operations; the code is the wire byte (never {@code ordinal()}). */
public enum ShardOp {
  PUT(1), GET(2), DELETE(3), STAT(4), LIST(5);

  public final int code;

  ShardOp(int code) {
    this.code = code;
  }

  public static ShardOp of(int code) {
    for (ShardOp op : values()) {
      if (op.code == code) {
        return op;
      }
    }
    throw new ShardException(ShardStatus.BAD_REQUEST, "unknown operation " + code);
  }
}
