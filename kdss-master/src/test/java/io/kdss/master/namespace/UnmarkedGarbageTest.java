package io.kdss.master.namespace;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.meta.MetaCollections;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** A stripe queued for deletion by an earlier version (no marker) is still refused. */
class UnmarkedGarbageTest {

  @Test
  void aStripeQueuedWithoutAMarkerIsStillRefused() throws Exception {
    try (NamespaceFixture f = new NamespaceFixture()) {
      long id = f.file("f");
      // What the previous version's GarbageQueue.stripes wrote (and an old master still writes during an upgrade).
      JsonObject old = new JsonObject().put("_id", "t1.0@3").put("kind", "stripes")
          .put("stripes", new JsonArray().add(new JsonObject().put("s", 777L).put("g", 1L).put("n", 6)))
          .put("due", System.currentTimeMillis() + 60_000);
      f.on(() -> f.store.client().insert(MetaCollections.GARBAGE, old));
      assertThatThrownBy(() -> f.append(id, NamespaceFixture.stripe(777, 0, 4096)))
          .as("stripe 777 is queued for deletion: recording it would point the file at shards about to be deleted")
          .hasMessageContaining("INVALID_ARGUMENT");
    }
  }
}
