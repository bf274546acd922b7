package io.kdss.master.namespace;

import io.kdss.client.master.NamespaceErrno;
import io.kdss.master.gc.GarbageQueue;
import io.kdss.proto.Stripe;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Recording and reading stripes of a file's content. A content (id {@code cid}) belongs to
 * one entry for life: it is either the entry's current content or one of its pending uploads,
 * and once it is neither it never comes back (so "dead" is final and safe to collect).
 *
 * <p>A write takes a write sequence {@code w} from the content's chunk 0, then: pass 1 adds
 * the new extents to their chunks; pass 2 cuts each new extent's own bytes out of older
 * extents (an append with gaps between its stripes leaves the gaps alone); stripes left
 * without an extent go to the garbage queue in the same chunk update. Adding before cutting
 * means a concurrent reader sees old or new bytes, never a hole (where both overlap, newer
 * wins). Finally the entry's size and version move (current content), after which the new
 * bytes are visible.
 *
 * <p>Truncates: a shrink takes its own sequence {@code t} BEFORE its compare-and-set and
 * stores it in the entry ({@code tw}, with {@code twc} = the content it belongs to); then it
 * cuts the tail out of extents older than {@code t} only. A write that took {@code w < t} and
 * finishes after the shrink records itself again with a fresh sequence (or fails with EAGAIN
 * when the shrink already cut its stripes). Bytes between the size and a write (or a growing
 * truncate) are cut only out of extents older than {@code tw}: they are stale bytes of a
 * shrink, while newer ones belong to concurrent writes past the end. A crash between steps
 * leaves extents beyond the size (bytes of an unacknowledged write, which a later extension
 * may expose, as if that write had landed) or a half-replaced range of an unacknowledged
 * write; never a dangling reference.
 */
final class ContentWrites {

  /** Times one write is recorded again after losing to truncates before it gives up (EAGAIN). */
  static final int MAX_REDOS = 8;

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
   * Records stripes of an append: each stripe replaces only its own bytes (bytes between two
   * of its stripes keep what they held). Returns the entry after the write.
   */
  Future<JsonObject> append(long entryId, long cid, List<Stripe> stripes, Long size, String etag) {
    List<Extent> fresh;
    try {
      fresh = validate(stripes, 0, Long.MAX_VALUE);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return write(entryId, cid, StripeMap.spans(fresh), fresh, size, etag, false, null);
  }

  /**
   * As {@link #append} for an upload's last stripes, recorded right before its commit: the
   * entry as resolved before recording is returned without reading it again (one metadata read
   * fewer per small PUT). The commit checks it in its compare-and-set, which catches any change
   * meanwhile (an abort included), so nothing needs re-checking here.
   */
  Future<JsonObject> appendBeforeCommit(long entryId, long cid, List<Stripe> stripes, JsonObject known) {
    List<Extent> fresh;
    try {
      fresh = validate(stripes, 0, Long.MAX_VALUE);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    Resolved given = known != null && EntryDoc.hasPending(known, cid) ? new Resolved(known, cid, false) : null;
    return write(entryId, cid, StripeMap.spans(fresh), fresh, null, null, true, given);
  }

  /** Records stripes replacing all of [a, b) (bytes no stripe covers become a hole). */
  Future<JsonObject> replace(long entryId, long cid, long a, long b, List<Stripe> stripes, Long size, String etag) {
    List<Extent> fresh;
    try {
      fresh = validate(stripes, a, b);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return write(entryId, cid, List.of(new StripeMap.Span(a, b)), fresh, size, etag, false, null);
  }

  /**
   * Records {@code fresh}; {@code known}, when given, is the content as resolved already (an
   * upload's entry as its begin left it: the commit's compare-and-set checks that version, see
   * {@link #appendBeforeCommit}).
   */
  private Future<JsonObject> write(long entryId, long cid, List<StripeMap.Span> spans, List<Extent> fresh, Long size,
      String etag, boolean beforeCommit, Resolved known) {
    Set<Long> stripeIds = new HashSet<>();
    fresh.forEach(e -> stripeIds.add(e.stripeId()));
    return garbage.firstQueued(stripeIds).compose(queued -> queued == null
        ? (known != null ? Future.succeededFuture(known) : resolve(entryId, cid, true))
            .compose(r -> record(r, spans, fresh, size, etag, 0, beforeCommit))
        : Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EINVAL, "stripe " + queued
            + " was already released (cut out of a file or abandoned) and is queued for deletion: write into new stripes")));
  }

  /**
   * One attempt at recording: a fresh sequence, extents added, their own spans cut out of older
   * extents, then {@link #finish} (skipped for an upload's stripes recorded just before its
   * commit, see {@link #appendBeforeCommit}). Redone with a newer sequence when a shrink committed after
   * this attempt took its sequence (the shrink may be cutting these extents).
   */
  private Future<JsonObject> record(Resolved r, List<StripeMap.Span> spans, List<Extent> fresh, Long size, String etag,
      int redo, boolean beforeCommit) {
    long entryId = r.entry().getLong("_id");
    long a = spans.get(0).from();
    long b = spans.get(spans.size() - 1).to();
    Future<Long> added = redo == 0 && firstOfUpload(r, a, fresh)
        ? chunks.createFirst(r.cid(), entryId, b, fresh.stream().map(e -> e.withW(1)).toList())
            .compose(made -> made ? Future.succeededFuture(1L) : add(r, spans, fresh, a, b, false))
        : add(r, spans, fresh, a, b, redo > 0);
    return added.compose(w -> beforeCommit && !r.current() ? Future.succeededFuture(r.entry())
            : finish(r, w, a, b, size, etag))
        .onSuccess(x -> bytesPerGroup(fresh).forEach(groupBytes))
        .recover(err -> {
          if (!(err instanceof Redo)) {
            return Future.failedFuture(err);
          }
          if (redo + 1 >= MAX_REDOS) {
            return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EAGAIN, "write at " + a
                + " kept racing with truncates of entry " + entryId + ": write it again"));
          }
          return record(r, spans, fresh, size, etag, redo + 1, beforeCommit);
        });
  }

  /**
   * True for stripes from offset 0 that all fall in chunk 0 of an upload's content (not the
   * file's current one, which truncates may be cutting): usually its first and only write, a
   * small object's commit, so {@link ChunkStore#createFirst} is worth trying.
   */
  private static boolean firstOfUpload(Resolved r, long a, List<Extent> fresh) {
    return !r.current() && a == 0 && fresh.stream().allMatch(e -> StripeMap.chunkOf(e) == 0);
  }

  /** Takes a write sequence, adds the extents stamped with it and cuts their spans out of older ones. */
  private Future<Long> add(Resolved r, List<StripeMap.Span> spans, List<Extent> fresh, long a, long b, boolean redo) {
    long entryId = r.entry().getLong("_id");
    return chunks.takeWrite(r.cid(), entryId, b).compose(header -> {
      long w = header.getLong("w", 0L) + 1;
      long hwm = header.getLong("hwm", 0L);
      List<Extent> stamped = fresh.stream().map(e -> e.withW(w)).toList();
      return addExtents(r.cid(), entryId, stamped, redo, header)
          .compose(v -> a < hwm ? cut(r.cid(), entryId, spans, w) : Future.succeededFuture())
          .map(v -> w);
    });
  }

  /** A shrink committed with a newer sequence than the write being finished: record it again. */
  private static final class Redo extends RuntimeException {
    Redo() {
      super("redo", null, false, false);
    }
  }

  /**
   * Adds extents to their chunks; chunk 0 starts from {@code header}, as takeWrite just returned
   * it. A redo re-stamps extents this write added before: each of its stripes must still be
   * referenced there (a shrink may have cut one completely, and then it is on its way to the
   * garbage collector).
   */
  private Future<Void> addExtents(long cid, long entryId, List<Extent> fresh, boolean redo, JsonObject header) {
    Map<Long, List<Extent>> byChunk = new TreeMap<>();
    fresh.forEach(e -> byChunk.computeIfAbsent(StripeMap.chunkOf(e), c -> new ArrayList<>()).add(e));
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<Long, List<Extent>> c : byChunk.entrySet()) {
      JsonObject known = c.getKey() == 0 ? header : null;
      chain = chain.compose(v -> chunks.update(cid, entryId, c.getKey(), known, t -> {
        if (redo) {
          c.getValue().stream().filter(n -> t.kept().stream().noneMatch(old -> old.stripeId() == n.stripeId()))
              .findFirst().ifPresent(n -> {
                throw NamespaceErrors.error(NamespaceErrno.EAGAIN, "stripe " + n.stripeId() + " at offset " + n.offset()
                    + " was cut by a truncate that raced with this write: write these bytes again in new stripes");
              });
        }
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
    return cut(cid, entryId, List.of(new StripeMap.Span(a, b)), w);
  }

  /** Cuts every span out of extents older than {@code w}, in the chunks that may hold them. */
  Future<Void> cut(long cid, long entryId, List<StripeMap.Span> spans, long w) {
    TreeSet<Long> chunkIds = new TreeSet<>();
    for (StripeMap.Span s : spans) {
      for (long i = StripeMap.firstChunk(s.from()); i <= StripeMap.lastChunk(s.to()); i++) {
        chunkIds.add(i);
      }
    }
    return chunks.load(cid, chunkIds).compose(docs -> {
      Future<Void> chain = Future.succeededFuture();
      for (JsonObject d : docs) {
        long chunk = d.getLong("i");
        boolean touches = d.getJsonArray("x", new JsonArray()).stream().map(x -> Extent.fromJson((JsonObject) x))
            .anyMatch(e -> e.w() < w && spans.stream().anyMatch(s -> s.overlaps(e)));
        if (touches) {
          chain = chain.compose(v -> chunks.update(cid, entryId, chunk, t -> StripeMap.trim(t.kept(), spans, w)));
        }
      }
      return chain;
    });
  }

  /**
   * Makes the write visible (current content: size, mtime, etag move in one compare-and-set).
   * Bytes between the size and {@code a} that the write exposes are cut out of extents older
   * than the content's last shrink (stale bytes a crashed truncate left), never out of newer
   * ones: those are concurrent writes past the end, acknowledged or about to be.
   */
  private Future<JsonObject> finish(Resolved r, long w, long a, long b, Long size, String etag) {
    long entryId = r.entry().getLong("_id");
    long[] gapCut = {a, 0};
    return Retry.run("write", () -> entries.require(entryId).compose(e -> {
      long current = e.getLong("cid", 0L);
      if (current != r.cid()) {
        if (EntryDoc.hasPending(e, r.cid())) {
          return Future.succeededFuture(e);
        }
        return stale(r.cid(), e);
      }
      long shrink = shrinkSequence(e);
      if (shrink > w) {
        return Future.failedFuture(new Redo());
      }
      long oldSize = e.getLong("size", 0L);
      if (shrink > 0 && oldSize < a && (oldSize < gapCut[0] || shrink > gapCut[1])) {
        gapCut[0] = oldSize;
        gapCut[1] = shrink;
        return cut(r.cid(), entryId, oldSize, a, shrink).compose(x -> Retry.conflict());
      }
      long now = System.currentTimeMillis();
      JsonObject set = new JsonObject().put("size", size != null ? size : Math.max(oldSize, b))
          .put("mtime", now).put("ctime", now);
      if (etag != null) {
        set.put("etag", etag);
      }
      return entries.cas(entryId, e.getLong("v"), new JsonObject().put("$set", set))
          .compose(n -> n == null ? Retry.conflict() : Future.succeededFuture(n));
    })).recover(err -> NamespaceErrors.errnoOf(err) == NamespaceErrno.ENOENT
        ? stale(r.cid(), null) : Future.failedFuture(err));
  }

  /** The sequence of the last shrink of the entry's current content (0: none). */
  static long shrinkSequence(JsonObject entry) {
    long cid = entry.getLong("cid", 0L);
    return cid != 0 && entry.getLong("twc", 0L) == cid ? entry.getLong("tw", 0L) : 0L;
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

  /**
   * A shrink's sequence, taken BEFORE the shrink's compare-and-set: writes that take a later
   * one are after the shrink and survive its cut; earlier ones still unfinished see it in the
   * entry ({@code tw}) and record themselves again. 0 when the file has no content yet.
   */
  Future<Long> takeShrink(long entryId, long cid) {
    if (cid == 0) {
      return Future.succeededFuture(0L);
    }
    return chunks.takeWrite(cid, entryId, 0).map(h -> h.getLong("w", 0L) + 1);
  }

  /** The entry fields a shrink at sequence {@code t} sets along with the new size. */
  static JsonObject shrinkFields(long cid, long t) {
    return new JsonObject().put("tw", t).put("twc", cid);
  }

  /** After a shrink at sequence {@code t} committed: cuts [from, end) out of extents older than it. */
  Future<Void> cutTail(long entryId, long cid, long from, long t) {
    if (cid == 0) {
      return Future.succeededFuture();
    }
    return chunks.header(cid).compose(h -> {
      long hwm = h.getLong("hwm", 0L);
      return from < hwm ? cut(cid, entryId, from, hwm, t) : Future.succeededFuture();
    });
  }

  /** Before growing {@code entry} to {@code to}: cuts the stale bytes it exposes (as {@link #finish} does). */
  Future<Void> cutExposed(JsonObject entry, long to) {
    long shrink = shrinkSequence(entry);
    long from = entry.getLong("size", 0L);
    if (shrink == 0 || from >= to) {
      return Future.succeededFuture();
    }
    return cut(entry.getLong("cid"), entry.getLong("_id"), from, to, shrink);
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
