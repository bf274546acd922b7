package io.kdss.storage.disk;

import io.kdss.storage.StorageException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of a TOMBSTONE record: the shards it deletes, so one record (one 4 KiB block
 * for up to 340 shards) carries a whole delete order.
 *
 * <pre>
 * offset   size field
 *      0      4 count
 *      4 12 x n (stripeId u64, shardIndex u32)
 * </pre>
 */
public final class TombstonePayload {

  public static final int ENTRY_BYTES = 12;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private TombstonePayload() {
  }

  public static int bytes(int count) {
    return 4 + ENTRY_BYTES * count;
  }

  public static void write(List<ShardKey> keys, MemorySegment out) {
    out.set(INT, 0, keys.size());
    long p = 4;
    for (ShardKey k : keys) {
      out.set(LONG, p, k.stripeId());
      out.set(INT, p + 8, k.shardIndex());
      p += ENTRY_BYTES;
    }
  }

  public static List<ShardKey> read(MemorySegment in) {
    int n = in.get(INT, 0);
    if (n < 0 || bytes(n) > in.byteSize()) {
      throw new StorageException.Corrupt("tombstone lists " + n + " shards in " + in.byteSize() + " bytes");
    }
    List<ShardKey> out = new ArrayList<>(n);
    long p = 4;
    for (int i = 0; i < n; i++) {
      out.add(new ShardKey(in.get(LONG, p), in.get(INT, p + 8)));
      p += ENTRY_BYTES;
    }
    return out;
  }
}
