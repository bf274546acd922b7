package io.kdss.s3.cluster;

import io.kdss.client.master.MasterClient;
import io.kdss.client.master.NamespaceErrno;
import io.kdss.proto.Entry;
import io.kdss.proto.EntryType;
import io.kdss.proto.KeyEntry;
import io.kdss.proto.ListKeysRequest;
import io.kdss.proto.ReaddirRequest;
import io.kdss.proto.ResolveRequest;
import io.kdss.s3.backend.ListPage;
import io.kdss.s3.backend.ListQuery;
import io.kdss.s3.backend.ObjectInfo;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * ListObjects over the namespace. Without a delimiter: {@code ListKeys}, the master's walk in
 * key order. With "/" (what clients use): one directory of the tree read with {@code Readdir},
 * files as keys and subdirectories as common prefixes, put in S3 key order (a directory "a" is
 * the prefix "a/", which sorts after "a-b" and "a.txt" though its name sorts before them: it is
 * held back until a larger key comes). With another delimiter: ListKeys, grouped here.
 */
final class ObjectListing {

  static final int PAGE = 1000;

  private final MasterClient masters;

  ObjectListing(MasterClient masters) {
    this.masters = masters;
  }

  /** Collects a page's keys and prefixes in key order and knows when it has one too many. */
  private static final class Page {
    final ListQuery q;
    final String bucket;
    final List<ObjectInfo> objects = new ArrayList<>();
    final List<String> prefixes = new ArrayList<>();
    String last;
    boolean truncated;

    Page(String bucket, ListQuery q) {
      this.bucket = bucket;
      this.q = q;
    }

    boolean full() {
      return truncated;
    }

    void object(String key, Entry e) {
      if (truncated || key.compareTo(q.after()) <= 0 || !key.startsWith(q.prefix())) {
        return;
      }
      if (objects.size() + prefixes.size() == q.maxKeys()) {
        truncated = true;
        return;
      }
      objects.add(EntryObjects.info(bucket, key, e));
      last = key;
    }

    void prefix(String cp) {
      if (truncated || cp.equals(last) || cp.compareTo(q.after()) <= 0 || q.after().startsWith(cp)) {
        return;
      }
      if (objects.size() + prefixes.size() == q.maxKeys()) {
        truncated = true;
        return;
      }
      prefixes.add(cp);
      last = cp;
    }

    ListPage result() {
      return new ListPage(objects, prefixes, truncated, last);
    }
  }

  Future<ListPage> list(String bucket, long dirId, ListQuery q) {
    Page page = new Page(bucket, q);
    if (q.delimiter() == null) {
      return flat(dirId, q.prefix(), q.after(), page).map(v -> page.result());
    }
    if (q.delimiter().equals("/")) {
      return byDirectory(dirId, q, page).map(v -> page.result());
    }
    return grouped(dirId, q.after(), page).map(v -> page.result());
  }

  private Future<Void> flat(long dirId, String prefix, String after, Page page) {
    int want = page.q.maxKeys() + 1 - page.objects.size();
    return masters.listKeys(ListKeysRequest.newBuilder().setDirId(dirId).setPrefix(prefix).setStartAfter(after)
        .setLimit(Math.min(PAGE, want)).build()).compose(reply -> {
          for (KeyEntry k : reply.getEntriesList()) {
            page.object(k.getKey(), k.getEntry());
          }
          if (!reply.getTruncated() || page.full()) {
            return Future.succeededFuture();
          }
          return flat(dirId, prefix, reply.getNextStartAfter(), page);
        });
  }

  /** Another delimiter than "/": every key in order, grouped at the delimiter after the prefix. */
  private Future<Void> grouped(long dirId, String after, Page page) {
    ListQuery q = page.q;
    return masters.listKeys(ListKeysRequest.newBuilder().setDirId(dirId).setPrefix(q.prefix()).setStartAfter(after)
        .setLimit(PAGE).build()).compose(reply -> {
          for (KeyEntry k : reply.getEntriesList()) {
            String key = k.getKey();
            int at = key.indexOf(q.delimiter(), q.prefix().length());
            if (at < 0) {
              page.object(key, k.getEntry());
            } else {
              page.prefix(key.substring(0, at + q.delimiter().length()));
            }
          }
          if (!reply.getTruncated() || page.full()) {
            return Future.succeededFuture();
          }
          return grouped(dirId, reply.getNextStartAfter(), page);
        });
  }

  private Future<Void> byDirectory(long bucketDirId, ListQuery q, Page page) {
    int slash = q.prefix().lastIndexOf('/');
    String base = q.prefix().substring(0, slash + 1);
    String namePrefix = q.prefix().substring(slash + 1);
    String after = q.after();
    String startName = "";
    if (!after.isEmpty() && after.compareTo(base) >= 0) {
      if (!after.startsWith(base)) {
        return Future.succeededFuture();
      }
      startName = cutBeforeSlashOrLower(after.substring(base.length()));
    }
    String from = startName;
    return directory(bucketDirId, base).compose(dir -> {
      if (dir == null) {
        return Future.succeededFuture();
      }
      TreeMap<String, Boolean> held = new TreeMap<>();
      Future<Void> first = from.isEmpty() || !from.startsWith(namePrefix) ? Future.succeededFuture()
          : masters.lookup(dir, from).transform(ar -> {
            if (ar.succeeded()) {
              visit(base, ar.result(), held, page);
            }
            return Future.succeededFuture();
          });
      return first.compose(v -> readdir(dir, base, namePrefix, from, held, page))
          .map(v -> {
            flush(held, null, page);
            return null;
          });
    });
  }

  private Future<Void> readdir(long dirId, String base, String namePrefix, String after, TreeMap<String, Boolean> held,
      Page page) {
    return masters.readdir(ReaddirRequest.newBuilder().setId(dirId).setAfter(after).setPrefix(namePrefix)
        .setLimit(PAGE).build()).compose(reply -> {
          for (Entry e : reply.getEntriesList()) {
            visit(base, e, held, page);
            if (page.full()) {
              return Future.succeededFuture();
            }
          }
          if (!reply.getTruncated()) {
            return Future.succeededFuture();
          }
          return readdir(dirId, base, namePrefix, reply.getNextAfter(), held, page);
        });
  }

  private static void visit(String base, Entry e, TreeMap<String, Boolean> held, Page page) {
    boolean dir = e.getType() == EntryType.ENTRY_DIR;
    String key = base + e.getName() + (dir ? "/" : "");
    flush(held, key, page);
    if (dir) {
      held.put(key, Boolean.TRUE);
    } else if (e.getType() == EntryType.ENTRY_FILE) {
      page.object(key, e);
    }
  }

  /** Emits held-back prefixes that sort before {@code key} (all of them when null). */
  private static void flush(TreeMap<String, Boolean> held, String key, Page page) {
    while (!held.isEmpty() && (key == null || held.firstKey().compareTo(key) < 0)) {
      page.prefix(held.pollFirstEntry().getKey());
    }
  }

  /** The directory of a "/"-terminated key prefix below the bucket, or null when there is none. */
  private Future<Long> directory(long bucketDirId, String base) {
    if (base.isEmpty()) {
      return Future.succeededFuture(bucketDirId);
    }
    return masters.resolve(ResolveRequest.newBuilder().setParentId(bucketDirId)
        .setPath(base.substring(0, base.length() - 1)).build()).transform(ar -> {
          if (ar.succeeded()) {
            return Future.succeededFuture(ar.result().getType() == EntryType.ENTRY_DIR ? ar.result().getId() : null);
          }
          NamespaceErrno errno = NamespaceErrno.of(ar.cause());
          return errno == NamespaceErrno.ENOENT || errno == NamespaceErrno.ENOTDIR || errno == NamespaceErrno.EINVAL
              ? Future.succeededFuture(null) : Future.failedFuture(ar.cause());
        });
  }

  /** The name a directory read must start at: a key's part up to its first char <= '/'. */
  static String cutBeforeSlashOrLower(String rel) {
    for (int i = 0; i < rel.length(); i++) {
      if (rel.charAt(i) <= '/') {
        return rel.substring(0, i);
      }
    }
    return rel;
  }
}
