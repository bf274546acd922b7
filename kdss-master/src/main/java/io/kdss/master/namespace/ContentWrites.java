package io.kdss.master.namespace;

import io.kdss.client.master.NamespaceErrno;
import io.kdss.master.gc.GarbageQueue;
import io.kdss.proto.Stripe;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Recording and reading stripes of a file's content. A content (id {@code cid}) belongs to
 * one entry for life: it is either the entry's current content or one of its pending uploads,
 * and once it is neither it never comes back (so "dead" is final and safe to collect).
 *
 * <p>A write of [a, b) takes a write sequence {@code w} from the content's chunk 0, then:
 * pass 1 adds the new extents to their chunks; pass 2 cuts [a, b) out of older extents (and,
 * for the current content, any stale bytes between the old size and a); stripes left without
 * an extent go to the garbage queue in the same chunk update. Adding before cutting means a
 * concurrent reader sees old or new bytes, never a hole (where both overlap, newer wins).
 * Finally the entry's size and version move (current content), after which the new bytes are
 * visible. A crash between steps leaves extents beyond the size (invisible, cut by the next
 * write there or collected with the content) or a half-replaced range of an unacknowledged
 * write; never a dangling reference.
 */
final class ContentWrites {

  private final Entries entries;
  private final ChunkStore chunks;
  private final GarbageQueue garbage;
  private final IdAllocator ids;
  private final BiConsumer<Long, Long> groupBytes;

  ContentWrites(Entries entries, ChunkStore chunks, GarbageQueue garbage, IdAllocator ids, BiConsumer<Long, Long> groupBytes) {
    this.entries = entries;
    this.chunks = chunks;
    this.garbage = garbage;
    this.ids = ids;
    this.groupBytes = groupBytes;
  }

  record Resolved(JsonObject entry, long cid, boolean current) {
  }

  /** The content a call addresses: {@code cid} 0 = the file's current one (made on first write). */
  Future<Resolved> resolve(long entryId, long cid, boolean create) {
    return Retry.run("content", () -> entries.require(entryId).compose(e -> {
      if (!EntryDoc.isFile(e)) {
        return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EISDIR, "entry " + entryId + " is not a file"));
      }
      long current = e.getLong("cid", 0L);
      if (cid != 0) {
        if (cid == current || EntryDoc.hasPending(e, cid)) {
          return Future.succeededFuture(new Resolved(e, cid, cid == current));
        }
        return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.ESTALE, "content " + cid
            + " is no longer part of entry " + entryId + " (overwritten or aborted)"));
      }
      if (current != 0 || !create) {
        return Future.succeededFuture(new Resolved(e, current, true));
      }
      return ids.next().compose(fresh -> entries.cas(entryId, e.getLong("v"),
              new JsonObject().put("$set", new JsonObject().put("cid", fresh))))
          .compose(n -> n == null ? Retry.conflict() : Future.succeededFuture(new Resolved(n, n.getLong("cid"), true)));
    }));
  }

  /**
   * Records stripes covering [a, b) (a replace when {@code replace}, else stripes are added
   * and only overlapped bytes are cut). Returns the entry after the write.
   */
  Future<JsonObject> write(long entryId, long cid, long a, long b, List<Stripe> stripes, Long size, String etag) {
    List<Extent> fresh;
    try {
      fresh = validate(stripes, a, b);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return resolve(entryId, cid, true).compose(r -> chunks.takeWrite(r.cid(), entryId, b).compose(header -> {
      long w = header.getLong("w", 0L) + 1;
      long hwm = header.getLong("hwm", 0L);
      long cutFrom = r.current() ? Math.min(a, r.entry().getLong("size", 0L)) : a;
      List<Extent> stamped = fresh.stream().map(e -> e.withW(w)).toList();
      return addExtents(r.cid(), entryId, stamped, header)
          .compose(v -> cutFrom < hwm ? cut(r.cid(), entryId, cutFrom, b, w) : Future.succeededFuture())
          .compose(v -> finish(r, a, b, size, etag))
          .onSuccess(x -> bytesPerGroup(stamped).forEach(groupBytes));
    }));
  }

  /** Adds extents to their chunks; chunk 0 starts from {@code header}, as takeWrite just returned it. */
  private Future<Void> addExtents(long cid, long entryId, List<Extent> fresh, JsonObject header) {
    Map<Long, List<Extent>> byChunk = new TreeMap<>();
    fresh.forEach(e -> byChunk.computeIfAbsent(StripeMap.chunkOf(e), c -> new ArrayList<>()).add(e));
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<Long, List<Extent>> c : byChunk.entrySet()) {
      JsonObject known = c.getKey() == 0 ? header : null;
      chain = chain.compose(v -> chunks.update(cid, entryId, c.getKey(), known, t -> {
        List<Extent> all = new ArrayList<>(t.kept());
        all.removeIf(old -> c.getValue().stream().anyMatch(n -> n.stripeId() == old.stripeId()));
        all.addAll(c.getValue());
        all.sort(Comparator.comparingLong(Extent::offset));
        return new StripeMap.Trimmed(all, List.of());
      }));
    }
    return chain;
  }

  /** Recorded bytes summed per group: one counter update per group and call, not one per stripe. */
  static Map<Long, Long> bytesPerGroup(List<Extent> extents) {
    Map<Long, Long> out = new TreeMap<>();
    extents.forEach(e -> out.merge(e.groupId(), e.length(), Long::sum));
    return out;
  }

  /** Cuts [a, b) out of extents older than {@code w} in every chunk that may hold them. */
  Future<Void> cut(long cid, long entryId, long a, long b, long w) {
    long first = StripeMap.firstChunk(a);
    long last = StripeMap.lastChunk(b);
    return chunks.load(cid, first, last).compose(docs -> {
      Future<Void> chain = Future.succeededFuture();
      for (JsonObject d : docs) {
        long chunk = d.getLong("i");
        boolean touches = d.getJsonArray("x", new JsonArray()).stream()
            .map(x -> Extent.fromJson((JsonObject) x)).anyMatch(e -> e.w() < w && e.end() > a && e.offset() < b);
        if (touches) {
          chain = chain.compose(v -> chunks.update(cid, entryId, chunk, t -> StripeMap.trim(t.kept(), a, b, w)));
        }
      }
      return chain;
    });
  }

  private Future<JsonObject> finish(Resolved r, long a, long b, Long size, String etag) {
    long entryId = r.entry().getLong("_id");
    return Retry.run("write", () -> entries.require(entryId).compose(e -> {
      long current = e.getLong("cid", 0L);
      if (current != r.cid()) {
        if (EntryDoc.hasPending(e, r.cid())) {
          return Future.succeededFuture(e);
        }
        return stale(r.cid(), e);
      }
      long now = System.currentTimeMillis();
      JsonObject set = new JsonObject().put("size", size != null ? size : Math.max(e.getLong("size", 0L), b))
          .put("mtime", now).put("ctime", now);
      if (etag != null) {
        set.put("etag", etag);
      }
      return entries.cas(entryId, e.getLong("v"), new JsonObject().put("$set", set))
          .compose(n -> n == null ? Retry.conflict() : Future.succeededFuture(n));
    })).recover(err -> NamespaceErrors.errnoOf(err) == NamespaceErrno.ENOENT
        ? stale(r.cid(), null) : Future.failedFuture(err));
  }

  /** The content died while being written: queue it again (late extents included) and tell the writer. */
  private Future<JsonObject> stale(long cid, JsonObject entry) {
    long entryId = entry == null ? 0 : entry.getLong("_id");
    long v = entry == null ? 0 : entry.getLong("v");
    return garbage.contentDead(cid, entryId, v).compose(x -> Future.failedFuture(NamespaceErrors.error(
        NamespaceErrno.ESTALE, "content " + cid + " was replaced or removed while being written")));
  }

  /** Runs of [a, b) (b = 0: to the end) in offset order, with the size the reader should assume. */
  Future<JsonObject> read(long entryId, long cid, long a, long length) {
    return resolve(entryId, cid, false).compose(r -> {
      if (r.cid() == 0) {
        return Future.succeededFuture(new JsonObject().put("size", r.entry().getLong("size", 0L))
            .put("cid", 0L).put("v", r.entry().getLong("v")).put("x", new JsonArray()));
      }
      Future<Long> size = r.current() ? Future.succeededFuture(r.entry().getLong("size", 0L))
          : chunks.header(r.cid()).map(h -> h.getLong("hwm", 0L));
      return size.compose(sz -> {
        long end = length <= 0 ? sz : Math.min(sz, a + length);
        JsonObject out = new JsonObject().put("size", sz).put("cid", r.cid()).put("v", r.entry().getLong("v"))
            .put("x", new JsonArray());
        if (a >= end) {
          return Future.succeededFuture(out);
        }
        return chunks.load(r.cid(), StripeMap.firstChunk(a), StripeMap.lastChunk(end)).map(docs -> {
          List<Extent> all = new ArrayList<>();
          docs.forEach(d -> d.getJsonArray("x", new JsonArray()).forEach(x -> all.add(Extent.fromJson((JsonObject) x))));
          StripeMap.resolve(all, a, end).forEach(e -> out.getJsonArray("x").add(e.toJson()));
          return out;
        });
      });
    });
  }

  /** Cuts everything from {@code from} on (after a truncate made the entry shorter). */
  Future<Void> cutTail(long entryId, long cid, long from) {
    if (cid == 0) {
      return Future.succeededFuture();
    }
    return chunks.takeWrite(cid, entryId, 0).compose(h -> {
      long hwm = h.getLong("hwm", 0L);
      return from < hwm ? cut(cid, entryId, from, hwm, h.getLong("w", 0L) + 1) : Future.succeededFuture();
    });
  }

  static List<Extent> validate(List<Stripe> stripes, long a, long b) {
    if (stripes.isEmpty()) {
      throw NamespaceErrors.error(NamespaceErrno.EINVAL, "no stripes");
    }
    List<Extent> out = new ArrayList<>();
    for (Stripe s : stripes) {
      Extent e = Extent.fromProto(s);
      int width = e.k() + e.m();
      if (e.offset() < 0 || e.length() <= 0 || e.dataOffset() < 0 || e.dataOffset() + e.length() > e.dataLength()
          || e.dataLength() > StripeMap.MAX_STRIPE_DATA || e.k() < 1 || e.m() < 0 || e.shardLength() <= 0
          || (!e.crcs().isEmpty() && e.crcs().size() != width) || e.stripeId() <= 0 || e.groupId() <= 0) {
        throw NamespaceErrors.error(NamespaceErrno.EINVAL, "malformed stripe " + s.getStripeId() + " at offset "
            + s.getOffset() + ": need length > 0, data within " + StripeMap.MAX_STRIPE_DATA
            + " bytes, a scheme, shard length, k+m CRCs, stripe and group ids");
      }
      if (e.offset() < a || e.end() > b) {
        throw NamespaceErrors.error(NamespaceErrno.EINVAL, "stripe at " + e.offset() + " lies outside [" + a + ", " + b + ")");
      }
      out.add(e);
    }
    out.sort(Comparator.comparingLong(Extent::offset));
    for (int i = 1; i < out.size(); i++) {
      if (out.get(i).offset() < out.get(i - 1).end()) {
        throw NamespaceErrors.error(NamespaceErrno.EINVAL, "stripes overlap at offset " + out.get(i).offset());
      }
    }
    return out;
  }
}
