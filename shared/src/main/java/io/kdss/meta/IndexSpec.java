package io.kdss.meta;

import io.vertx.core.json.JsonObject;

/** One index the metadata schema needs: collection, keys in order, uniqueness. */
public record IndexSpec(String collection, String name, JsonObject keys, boolean unique) {

  public static IndexSpec unique(String collection, String name, JsonObject keys) {
    return new IndexSpec(collection, name, keys, true);
  }

  public static IndexSpec of(String collection, String name, JsonObject keys) {
    return new IndexSpec(collection, name, keys, false);
  }
}
