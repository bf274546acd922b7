package io.kdss.master.namespace;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Directories that uploads begun here wrote into, by where they were found: {@code (parent id,
 * name)}, or the id alone for the directory a key without '/' lands in. A PUT of a new key
 * under a known directory then reads nothing before its insert: the directory's touch after
 * the insert returns it as it is, and the upload goes on only if it is still that directory
 * at that place with that scheme (see {@link Uploads}); otherwise the upload is undone and
 * begun again from the store. So a hint can be stale (another master renamed or removed the
 * directory), never wrong for long. Bounded; the least recently used are forgotten.
 */
final class DirectoryHints {

  /** Directories remembered. */
  static final int DEFAULT_CAPACITY = 4096;

  private final BoundedLru<String, JsonObject> byPlace;

  DirectoryHints(int capacity) {
    this.byPlace = new BoundedLru<>(capacity);
  }

  /** Where a directory is found: {@code name} in {@code parentId}, or {@code parentId} itself when name is null. */
  static String place(long parentId, String name) {
    return name == null ? "@" + parentId : parentId + "/" + name;
  }

  JsonObject get(String place) {
    return byPlace.get(place);
  }

  void put(String place, JsonObject dir) {
    byPlace.put(place, dir);
  }

  void forget(String place) {
    byPlace.remove(place);
  }

  /**
   * True when {@code now} (the directory as a touch just returned it) is still the directory
   * {@code hint} at {@code place}, with the same scheme: what the upload relied on.
   */
  static boolean stillAt(JsonObject hint, JsonObject now, long parentId, String name) {
    if (now == null || !EntryDoc.isDir(now) || !hint.getLong("_id").equals(now.getLong("_id"))) {
      return false;
    }
    if (!Objects.equals(hint.getJsonObject("scheme"), now.getJsonObject("scheme"))) {
      return false;
    }
    return name == null || (now.getLong("parentId") == parentId && name.equals(now.getString("name")));
  }
}
