package io.kdss.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.meta.MetaCollections;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class NamespaceInitTest {

  @Test
  void theIndexEarlierVersionsMadeForTheReleasedStripeCheckIsDropped() throws Exception {
    try (NamespaceFixture f = new NamespaceFixture()) {
      f.on(() -> f.store.client().createIndexWithOptions(MetaCollections.GARBAGE, new JsonObject().put("stripes.s", 1),
          new io.vertx.ext.mongo.IndexOptions().name(Namespace.RETIRED_INDEX)));
      assertThat(names(f)).contains(Namespace.RETIRED_INDEX);
      f.on(() -> f.ns.init(f.store));
      assertThat(names(f)).doesNotContain(Namespace.RETIRED_INDEX);
      f.on(() -> f.ns.init(f.store));
    }
  }

  private static java.util.List<String> names(NamespaceFixture f) throws Exception {
    JsonArray indexes = f.on(() -> f.store.client().listIndexes(MetaCollections.GARBAGE));
    return indexes.stream().map(o -> ((JsonObject) o).getString("name")).toList();
  }
}
