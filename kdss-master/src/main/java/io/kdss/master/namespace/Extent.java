package io.kdss.master.namespace;

import io.kdss.proto.EcScheme;
import io.kdss.proto.Stripe;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A run of file bytes [offset, offset+length) stored in stripe {@code stripeId} at
 * [dataOffset, dataOffset+length) of the stripe's {@code dataLength} data bytes. {@code w} is
 * the write that recorded it (a per-content sequence): where runs overlap, the newer wins.
 *
 * <p>Stored in a chunk document as {@code {o, l, s, g, do, dl, sl, k, m, c:[crc32c...], w}}.
 */
public record Extent(long offset, long length, long stripeId, long groupId, long dataOffset, long dataLength,
    int shardLength, int k, int m, List<Long> crcs, long w) {

  public long end() {
    return offset + length;
  }

  /** File offset where the stripe's data would start (it decides the chunk the extent lives in). */
  public long stripeStart() {
    return offset - dataOffset;
  }

  /** This run cut to [a, b) (which must overlap it). */
  public Extent clip(long a, long b) {
    long from = Math.max(a, offset);
    long to = Math.min(b, end());
    return new Extent(from, to - from, stripeId, groupId, dataOffset + (from - offset), dataLength, shardLength,
        k, m, crcs, w);
  }

  public Extent withW(long newW) {
    return new Extent(offset, length, stripeId, groupId, dataOffset, dataLength, shardLength, k, m, crcs, newW);
  }

  /** What the garbage queue needs to delete the stripe's shards. */
  public JsonObject deadStripe() {
    return new JsonObject().put("s", stripeId).put("g", groupId).put("n", k + m);
  }

  public JsonObject toJson() {
    return new JsonObject().put("o", offset).put("l", length).put("s", stripeId).put("g", groupId)
        .put("do", dataOffset).put("dl", dataLength).put("sl", shardLength).put("k", k).put("m", m)
        .put("c", new JsonArray(new ArrayList<>(crcs))).put("w", w);
  }

  public static Extent fromJson(JsonObject j) {
    List<Long> crcs = new ArrayList<>();
    j.getJsonArray("c", new JsonArray()).forEach(c -> crcs.add(((Number) c).longValue()));
    return new Extent(j.getLong("o"), j.getLong("l"), j.getLong("s"), j.getLong("g"), j.getLong("do", 0L),
        j.getLong("dl"), j.getInteger("sl"), j.getInteger("k"), j.getInteger("m"), List.copyOf(crcs), j.getLong("w", 0L));
  }

  public Stripe toProto() {
    Stripe.Builder b = Stripe.newBuilder().setOffset(offset).setLength(length).setStripeId(stripeId)
        .setGroupId(groupId).setDataOffset(dataOffset).setDataLength(dataLength).setShardLength(shardLength)
        .setScheme(EcScheme.newBuilder().setK(k).setM(m));
    crcs.forEach(c -> b.addShardCrc32C((int) (long) c));
    return b.build();
  }

  public static Extent fromProto(Stripe s) {
    List<Long> crcs = new ArrayList<>();
    s.getShardCrc32CList().forEach(c -> crcs.add(Integer.toUnsignedLong(c)));
    long dataLength = s.getDataLength() == 0 ? s.getLength() : s.getDataLength();
    return new Extent(s.getOffset(), s.getLength(), s.getStripeId(), s.getGroupId(), s.getDataOffset(), dataLength,
        s.getShardLength(), s.getScheme().getK(), s.getScheme().getM(), List.copyOf(crcs), 0);
  }
}
