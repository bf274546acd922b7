package io.kdss.master.namespace;

import io.kdss.master.gc.ContentReaper;
import io.kdss.master.gc.GarbageQueue;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The namespace side of collecting a content: is it dead, and turning its chunks into stripe garbage. */
final class DeadContents implements ContentReaper {

  private final Entries entries;
  private final ChunkStore chunks;
  private final GarbageQueue garbage;

  DeadContents(Entries entries, ChunkStore chunks, GarbageQueue garbage) {
    this.entries = entries;
    this.chunks = chunks;
    this.garbage = garbage;
  }

  @Override
  public Future<Liveness> liveness(long cid, long entryId, long v) {
    return entries.get(entryId).map(e -> {
      if (e == null || (e.getLong("cid", 0L) != cid && !EntryDoc.hasPending(e, cid))) {
        return Liveness.DEAD;
      }
      return e.getLong("v") > v ? Liveness.LIVE_MOVED_ON : Liveness.LIVE;
    });
  }

  @Override
  public Future<Boolean> fence(long entryId, long v) {
    return entries.cas(entryId, v, new JsonObject()).map(n -> n != null);
  }

  @Override
  public Future<Void> reap(long cid) {
    return chunks.header(cid).compose(h -> {
      long last = StripeMap.lastChunk(Math.max(1, h.getLong("hwm", 0L)));
      return chunks.load(cid, 0, last).compose(docs -> {
        Future<Void> chain = Future.succeededFuture();
        long now = System.currentTimeMillis();
        docs.sort((a, b) -> Long.compare(b.getLong("i"), a.getLong("i")));
        for (JsonObject d : docs) {
          JsonArray stripes = deadAndLive(d);
          String id = d.getString("_id");
          chain = chain.compose(v -> garbage.stripes("x" + id + "@" + java.util.UUID.randomUUID(), stripes, now))
              .compose(v -> chunks.remove(id));
        }
        return chain;
      });
    });
  }

  private static JsonArray deadAndLive(JsonObject chunk) {
    JsonArray out = new JsonArray();
    Set<Long> seen = new HashSet<>();
    for (Object o : chunk.getJsonArray("dead", new JsonArray())) {
      JsonObject s = (JsonObject) o;
      if (seen.add(s.getLong("s"))) {
        out.add(s);
      }
    }
    for (Object o : chunk.getJsonArray("x", new JsonArray())) {
      Extent e = Extent.fromJson((JsonObject) o);
      if (seen.add(e.stripeId())) {
        out.add(e.deadStripe());
      }
    }
    return out;
  }

}
