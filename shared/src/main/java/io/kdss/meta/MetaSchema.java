package io.kdss.meta;

import static io.kdss.meta.MetaCollections.*;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The collections' indexes and the schema version. Version changes when a stored
 * document's meaning changes; a binary refuses a cluster whose schema is newer.
 */
public final class MetaSchema {

  public static final int VERSION = 1;

  /** Indexes every cluster has; roles may add their own through {@link MetaStore#ensureIndexes}. */
  public static final List<IndexSpec> CORE_INDEXES = List.of(
      IndexSpec.unique(ENTRIES, "parent_name", new JsonObject().put("parentId", 1).put("name", 1)),
      IndexSpec.of(STRIPES, "entry_offset", new JsonObject().put("entryId", 1).put("offset", 1)),
      IndexSpec.of(STRIPES, "group", new JsonObject().put("groupId", 1)),
      IndexSpec.of(VOLUMES, "node", new JsonObject().put("nodeId", 1)),
      IndexSpec.of(EC_GROUPS, "state_scheme", new JsonObject().put("state", 1).put("k", 1).put("m", 1)),
      IndexSpec.of(ACCESS_KEYS, "user", new JsonObject().put("user", 1)),
      IndexSpec.of(MULTIPART_UPLOADS, "bucket_key", new JsonObject().put("bucket", 1).put("key", 1)),
      IndexSpec.of(ALERTS, "state_time", new JsonObject().put("state", 1).put("time", -1)),
      IndexSpec.of(GARBAGE, "due", new JsonObject().put("due", 1)));

  private MetaSchema() {
  }
}
