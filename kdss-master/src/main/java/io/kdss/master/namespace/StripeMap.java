package io.kdss.master.namespace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The arithmetic of a content's stripe map (pure, unit-tested). The map is cut into chunk
 * documents: an extent lives in the chunk of its stripe's start ({@code stripeStart / CHUNK_SPAN}),
 * so every extent of one stripe is in one document, and whether a stripe is still referenced
 * is decided inside one atomic document update. A stripe holds at most MAX_STRIPE_DATA bytes,
 * so the extents overlapping [a, b) are in chunks {@link #firstChunk(long)}..{@link #lastChunk(long)}.
 */
public final class StripeMap {

  public static final long CHUNK_SPAN = 64L << 20;
  public static final long MAX_STRIPE_DATA = 64L << 20;
  /** Most extents one chunk holds (a limit on document size: about 150 bytes each). */
  public static final int MAX_EXTENTS = 8192;

  private StripeMap() {
  }

  public static long chunkOf(Extent e) {
    return e.stripeStart() / CHUNK_SPAN;
  }

  public static long firstChunk(long a) {
    return Math.max(0, a - MAX_STRIPE_DATA + 1) / CHUNK_SPAN;
  }

  public static long lastChunk(long bExclusive) {
    return Math.max(0, bExclusive - 1) / CHUNK_SPAN;
  }

  /** Extents after cutting [a, b) out of every extent older than {@code w}, and the stripes left unreferenced. */
  public record Trimmed(List<Extent> kept, List<Extent> deadStripes) {
  }

  /** File bytes [from, to). */
  public record Span(long from, long to) {
    public boolean overlaps(Extent e) {
      return e.end() > from && e.offset() < to;
    }
  }

  /**
   * The spans a write of {@code fresh} extents replaces: each extent's own bytes, touching
   * ones merged. Bytes between two new extents are not part of the write and keep what they held.
   */
  public static List<Span> spans(List<Extent> fresh) {
    List<Extent> sorted = new ArrayList<>(fresh);
    sorted.sort(Comparator.comparingLong(Extent::offset));
    List<Span> out = new ArrayList<>();
    for (Extent e : sorted) {
      Span last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && e.offset() <= last.to()) {
        out.set(out.size() - 1, new Span(last.from(), Math.max(last.to(), e.end())));
      } else {
        out.add(new Span(e.offset(), e.end()));
      }
    }
    return out;
  }

  public static Trimmed trim(List<Extent> extents, long a, long b, long w) {
    return trim(extents, List.of(new Span(a, b)), w);
  }

  /** As {@link #trim(List, long, long, long)} for several spans at once. */
  public static Trimmed trim(List<Extent> extents, List<Span> spans, long w) {
    List<Extent> kept = new ArrayList<>(extents);
    for (Span s : spans) {
      kept = cut(kept, s.from(), s.to(), w);
    }
    Set<Long> live = new HashSet<>();
    kept.forEach(e -> live.add(e.stripeId()));
    return new Trimmed(kept, deadOf(extents, live));
  }

  private static List<Extent> cut(List<Extent> extents, long a, long b, long w) {
    List<Extent> kept = new ArrayList<>(extents.size());
    for (Extent e : extents) {
      if (e.w() >= w || e.end() <= a || e.offset() >= b) {
        kept.add(e);
        continue;
      }
      if (e.offset() < a) {
        kept.add(e.clip(e.offset(), a));
      }
      if (e.end() > b) {
        kept.add(e.clip(b, e.end()));
      }
    }
    return kept;
  }

  private static List<Extent> deadOf(List<Extent> extents, Set<Long> live) {
    List<Extent> dead = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    for (Extent e : extents) {
      if (!live.contains(e.stripeId()) && seen.add(e.stripeId())) {
        dead.add(e);
      }
    }
    return dead;
  }

  /**
   * What a reader sees of [a, b): runs in offset order, the newest extent winning where
   * extents overlap (only while a replace is half applied), gaps left as holes.
   */
  public static List<Extent> resolve(List<Extent> extents, long a, long b) {
    List<Extent> byNewest = new ArrayList<>(extents);
    byNewest.sort(Comparator.comparingLong(Extent::w).reversed());
    TreeMap<Long, Long> covered = new TreeMap<>();
    List<Extent> out = new ArrayList<>();
    for (Extent e : byNewest) {
      if (e.end() <= a || e.offset() >= b) {
        continue;
      }
      long from = Math.max(a, e.offset());
      long to = Math.min(b, e.end());
      for (long[] gap : gaps(covered, from, to)) {
        out.add(e.clip(gap[0], gap[1]));
      }
      cover(covered, from, to);
    }
    out.sort(Comparator.comparingLong(Extent::offset));
    return out;
  }

  private static List<long[]> gaps(TreeMap<Long, Long> covered, long from, long to) {
    List<long[]> out = new ArrayList<>();
    long pos = from;
    Map.Entry<Long, Long> before = covered.floorEntry(from);
    if (before != null && before.getValue() > pos) {
      pos = before.getValue();
    }
    for (Map.Entry<Long, Long> c : covered.subMap(from, true, to, false).entrySet()) {
      if (c.getKey() > pos) {
        out.add(new long[] {pos, c.getKey()});
      }
      pos = Math.max(pos, c.getValue());
    }
    if (pos < to) {
      out.add(new long[] {pos, to});
    }
    return out;
  }

  private static void cover(TreeMap<Long, Long> covered, long from, long to) {
    Map.Entry<Long, Long> before = covered.floorEntry(from);
    if (before != null && before.getValue() >= from) {
      from = before.getKey();
      to = Math.max(to, before.getValue());
    }
    Map.Entry<Long, Long> next;
    while ((next = covered.ceilingEntry(from)) != null && next.getKey() <= to) {
      to = Math.max(to, next.getValue());
      covered.remove(next.getKey());
    }
    covered.put(from, to);
  }
}
