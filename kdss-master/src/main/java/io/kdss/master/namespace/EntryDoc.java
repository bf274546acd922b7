package io.kdss.master.namespace;

import io.kdss.client.master.NamespaceErrno;
import io.kdss.proto.EcScheme;
import io.kdss.proto.Entry;
import io.kdss.proto.EntryType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * The entry document (one per file, directory or symlink; {@code _id} is the inode id):
 * <pre>
 * {_id, parentId, name, type: FILE|DIR|SYMLINK, mode, uid, gid, size, mtime, ctime, atime,
 *  etag, contentType, userMeta: {..}, target (symlink), scheme: {k, m},
 *  v          version, bumped by every change (compare-and-set)
 *  cid        the file's current content (0 = empty)
 *  pending    [{c, at}] contents being uploaded (BeginWrite .. CommitWrite)
 *  hidden     true while a new file has no committed content (invisible to lookups and listings)
 *  implicit   directory made for an object key
 *  renaming   {p, n, at} a rename onto an existing name in progress}
 * </pre>
 */
final class EntryDoc {

  static final String FILE = "FILE";
  static final String DIR = "DIR";
  static final String SYMLINK = "SYMLINK";
  static final int MAX_NAME_BYTES = 255;

  private EntryDoc() {
  }

  static boolean isDir(JsonObject d) {
    return DIR.equals(d.getString("type"));
  }

  static boolean isFile(JsonObject d) {
    return FILE.equals(d.getString("type"));
  }

  static boolean hidden(JsonObject d) {
    return d.getBoolean("hidden", false);
  }

  static JsonArray pending(JsonObject d) {
    return d.getJsonArray("pending", new JsonArray());
  }

  static boolean hasPending(JsonObject d, long cid) {
    for (Object o : pending(d)) {
      if (((JsonObject) o).getLong("c") == cid) {
        return true;
      }
    }
    return false;
  }

  static JsonArray pendingWithout(JsonObject d, long cid) {
    JsonArray out = new JsonArray();
    for (Object o : pending(d)) {
      if (((JsonObject) o).getLong("c") != cid) {
        out.add(o);
      }
    }
    return out;
  }

  /** A new entry document (version 1). */
  static JsonObject create(long id, long parentId, String name, String type, int mode, int uid, int gid) {
    long now = System.currentTimeMillis();
    int perm = mode & 07777;
    if (perm == 0) {
      perm = switch (type) {
        case DIR -> 0755;
        case SYMLINK -> 0777;
        default -> 0644;
      };
    }
    return new JsonObject().put("_id", id).put("parentId", parentId).put("name", name).put("type", type)
        .put("mode", perm).put("uid", uid).put("gid", gid).put("size", 0L)
        .put("mtime", now).put("ctime", now).put("atime", now).put("v", 1L).put("cid", 0L);
  }

  /** Throws EINVAL / ENAMETOOLONG for a name that cannot be a path component. */
  static void checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw NamespaceErrors.error(NamespaceErrno.EINVAL, "empty name");
    }
    if (name.equals(".") || name.equals("..")) {
      throw NamespaceErrors.error(NamespaceErrno.EINVAL, "'" + name + "' cannot be a name");
    }
    if (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
      throw NamespaceErrors.error(NamespaceErrno.EINVAL, "name '" + name + "' contains '/' or NUL");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw NamespaceErrors.error(NamespaceErrno.ENAMETOOLONG, "name longer than " + MAX_NAME_BYTES + " bytes");
    }
  }

  static EcScheme scheme(JsonObject d) {
    JsonObject s = d.getJsonObject("scheme");
    return s == null ? EcScheme.getDefaultInstance()
        : EcScheme.newBuilder().setK(s.getInteger("k", 0)).setM(s.getInteger("m", 0)).build();
  }

  static JsonObject schemeJson(EcScheme s) {
    return new JsonObject().put("k", s.getK()).put("m", s.getM());
  }

  static Entry toProto(JsonObject d) {
    String type = d.getString("type");
    Entry.Builder b = Entry.newBuilder()
        .setId(d.getLong("_id"))
        .setParentId(d.getLong("parentId", 0L))
        .setName(d.getString("name", ""))
        .setType(switch (type) {
          case DIR -> EntryType.ENTRY_DIR;
          case SYMLINK -> EntryType.ENTRY_SYMLINK;
          default -> EntryType.ENTRY_FILE;
        })
        .setMode(d.getInteger("mode", 0))
        .setUid(d.getInteger("uid", 0))
        .setGid(d.getInteger("gid", 0))
        .setSize(d.getLong("size", 0L))
        .setMtimeMs(d.getLong("mtime", 0L))
        .setCtimeMs(d.getLong("ctime", 0L))
        .setAtimeMs(d.getLong("atime", 0L))
        .setNlink(DIR.equals(type) ? 2 : 1)
        .setEtag(d.getString("etag", ""))
        .setContentType(d.getString("contentType", ""))
        .setSymlinkTarget(d.getString("target", ""))
        .setScheme(scheme(d))
        .setVersion(d.getLong("v", 0L))
        .setContentId(d.getLong("cid", 0L))
        .setImplicit(d.getBoolean("implicit", false));
    JsonObject meta = d.getJsonObject("userMeta");
    if (meta != null) {
      meta.forEach(e -> b.putUserMeta(e.getKey(), String.valueOf(e.getValue())));
    }
    return b.build();
  }
}
