package io.kdss.master.namespace;

import io.kdss.meta.MetaCollections;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * ListObjects without a delimiter: every file below a directory in S3 key order, found by
 * walking the tree (no per-key index, so renaming a directory stays one write). Key order is
 * byte order of the whole key, in which directory "a" sorts as "a/": after siblings such as
 * "a-b" and "a.txt" but before "a0". The walk reads each directory in name order and holds
 * back subdirectories until every sibling with a smaller key was listed. Prefix and
 * start-after prune the walk to the subtrees that can hold matching keys.
 */
final class KeyListing {

  static final int BATCH = 256;

  private final Entries entries;

  KeyListing(Entries entries) {
    this.entries = entries;
  }

  record Key(String key, JsonObject entry) {
  }

  private static final class Walk {
    final String prefix;
    final String after;
    final int want;
    final List<Key> out = new ArrayList<>();

    Walk(String prefix, String after, int want) {
      this.prefix = prefix;
      this.after = after;
      this.want = want;
    }

    boolean full() {
      return out.size() >= want;
    }
  }

  /** Up to {@code limit + 1} keys (one more than asked tells the caller the list is truncated). */
  Future<List<Key>> list(long dirId, String prefix, String startAfter, int limit) {
    Walk walk = new Walk(prefix, startAfter, limit + 1);
    return entries.directory(dirId).compose(d -> visit(dirId, "", walk)).map(v -> walk.out);
  }

  private Future<Void> visit(long dirId, String base, Walk walk) {
    if (walk.full()) {
      return Future.succeededFuture();
    }
    String namePrefix = "";
    if (walk.prefix.length() > base.length()) {
      String rel = walk.prefix.substring(base.length());
      int slash = rel.indexOf('/');
      if (slash >= 0) {
        String name = rel.substring(0, slash);
        return entries.child(dirId, name).compose(c -> c != null && EntryDoc.isDir(c)
            ? visit(c.getLong("_id"), base + name + "/", walk) : Future.succeededFuture());
      }
      namePrefix = rel;
    }
    String startName = namePrefix;
    if (walk.after.startsWith(base) && walk.after.length() > base.length()) {
      String cut = cutBeforeSlashOrLower(walk.after.substring(base.length()));
      if (cut.compareTo(startName) > 0) {
        startName = cut;
      }
    }
    return batch(dirId, base, namePrefix, startName, true, new TreeMap<>(), walk);
  }

  private Future<Void> batch(long dirId, String base, String namePrefix, String from, boolean inclusive,
      TreeMap<String, Long> deferred, Walk walk) {
    JsonObject q = new JsonObject().put("parentId", dirId);
    if (!from.isEmpty()) {
      q.put("name", new JsonObject().put(inclusive ? "$gte" : "$gt", from));
    }
    FindOptions o = new FindOptions().setSort(new JsonObject().put("name", 1)).setLimit(BATCH);
    return entries.store().client().findWithOptions(MetaCollections.ENTRIES, q, o).compose(docs -> {
      Future<Void> chain = Future.succeededFuture();
      boolean end = docs.size() < BATCH;
      for (JsonObject d : docs) {
        String name = d.getString("name");
        if (!name.startsWith(namePrefix)) {
          end = true;
          break;
        }
        if (EntryDoc.hidden(d)) {
          continue;
        }
        boolean dir = EntryDoc.isDir(d);
        String key = base + name + (dir ? "/" : "");
        chain = chain.compose(v -> flush(deferred, key, walk));
        if (dir) {
          deferred.put(key, d.getLong("_id"));
        } else {
          chain = chain.map(v -> {
            if (!walk.full() && key.compareTo(walk.after) > 0 && key.startsWith(walk.prefix)) {
              walk.out.add(new Key(key, d));
            }
            return v;
          });
        }
      }
      String last = docs.isEmpty() ? null : docs.get(docs.size() - 1).getString("name");
      boolean done = end;
      return chain.compose(v -> done || walk.full() || last == null ? flush(deferred, null, walk)
          : batch(dirId, base, namePrefix, last, false, deferred, walk));
    });
  }

  /** Walks held-back subdirectories whose key sorts before {@code key} (all of them when null). */
  private Future<Void> flush(TreeMap<String, Long> deferred, String key, Walk walk) {
    Map.Entry<String, Long> first = deferred.firstEntry();
    if (first == null || walk.full() || (key != null && first.getKey().compareTo(key) >= 0)) {
      return Future.succeededFuture();
    }
    deferred.pollFirstEntry();
    String dirKey = first.getKey();
    boolean skip = walk.after.compareTo(dirKey) >= 0 && !walk.after.startsWith(dirKey);
    Future<Void> sub = skip ? Future.succeededFuture() : visit(first.getValue(), dirKey, walk);
    return sub.compose(v -> flush(deferred, key, walk));
  }

  /** The part of a key that names bound a directory read from below: cut at the first char <= '/'. */
  static String cutBeforeSlashOrLower(String rel) {
    for (int i = 0; i < rel.length(); i++) {
      if (rel.charAt(i) <= '/') {
        return rel.substring(0, i);
      }
    }
    return rel;
  }
}
