package io.kdss.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.config.MongoOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.UpdateOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The metadata access layer against the embedded MongoDB-wire server, through vertx-mongo-client. */
@ExtendWith(VertxExtension.class)
class MetaStoreTest {

  private EmbeddedMongo server;
  private MetaStore store;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext tc) {
    server = EmbeddedMongo.start(null, 0);
    store = MetaStore.connect(vertx, new MongoOptions().setDatabase("t" + System.nanoTime()), server.connectionString());
    store.ensureSchema().onComplete(tc.succeedingThenComplete());
  }

  @AfterEach
  void stop(VertxTestContext tc) {
    store.close().onComplete(ar -> {
      server.close();
      tc.completeNow();
    });
  }

  @Test
  void uniqueIndexRejectsASecondEntryOfTheSameName(VertxTestContext tc) {
    JsonObject a = new JsonObject().put("_id", 1L).put("parentId", 0L).put("name", "bucket");
    JsonObject b = new JsonObject().put("_id", 2L).put("parentId", 0L).put("name", "bucket");
    store.client().insert(MetaCollections.ENTRIES, a)
        .compose(id -> store.client().insert(MetaCollections.ENTRIES, b))
        .onComplete(ar -> tc.verify(() -> {
          assertThat(ar.failed()).as("second insert must fail").isTrue();
          assertThat(MetaStore.isDuplicateKey(ar.cause())).as(String.valueOf(ar.cause())).isTrue();
          tc.completeNow();
        }));
  }

  @Test
  void concurrentCountersNeverHandOutAnIdTwice(VertxTestContext tc) {
    List<Future<Long>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(i % 10 == 0 ? store.reserveIds("ids", 5) : store.nextId("ids"));
    }
    Future.all(calls).onComplete(tc.succeeding(all -> tc.verify(() -> {
      Set<Long> seen = new HashSet<>();
      for (int i = 0; i < calls.size(); i++) {
        long first = calls.get(i).result();
        int n = i % 10 == 0 ? 5 : 1;
        for (long id = first; id < first + n; id++) {
          assertThat(seen.add(id)).as("id %d handed out twice", id).isTrue();
        }
      }
      assertThat(seen).hasSize(180 + 20 * 5);
      assertThat(seen).allMatch(id -> id >= 1 && id <= 280);
      tc.completeNow();
    })));
  }

  @Test
  void upsertCreatesThenUpdatesOneDocument(VertxTestContext tc) {
    JsonObject query = new JsonObject().put("_id", "node-1");
    UpdateOptions upsert = new UpdateOptions().setUpsert(true).setReturningNewDocument(true);
    store.client().findOneAndUpdateWithOptions(MetaCollections.NODES, query,
            new JsonObject().put("$set", new JsonObject().put("state", "UP")), new FindOptions(), upsert)
        .compose(first -> store.client().findOneAndUpdateWithOptions(MetaCollections.NODES, query,
            new JsonObject().put("$set", new JsonObject().put("state", "SUSPECT")), new FindOptions(), upsert))
        .compose(second -> store.client().count(MetaCollections.NODES, new JsonObject())
            .map(count -> new JsonObject().put("count", count).put("doc", second)))
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.getLong("count")).isEqualTo(1L);
          assertThat(r.getJsonObject("doc").getString("state")).isEqualTo("SUSPECT");
          tc.completeNow();
        })));
  }

  @Test
  void pagingWalksEveryDocumentOnceInOrder(VertxTestContext tc) {
    List<Future<String>> inserts = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      inserts.add(store.client().insert(MetaCollections.ENTRIES, new JsonObject()
          .put("_id", (long) (100 + i)).put("parentId", 7L).put("name", String.format("k%03d", 22 - i))));
    }
    inserts.add(store.client().insert(MetaCollections.ENTRIES,
        new JsonObject().put("_id", 999L).put("parentId", 8L).put("name", "other")));
    List<String> names = new ArrayList<>();
    Future.all(inserts)
        .compose(v -> collect(new JsonObject().put("parentId", 7L), null, names, 0))
        .onComplete(tc.succeeding(pages -> tc.verify(() -> {
          assertThat(pages).isEqualTo(3);
          assertThat(names).hasSize(23).isSorted().doesNotHaveDuplicates().doesNotContain("other");
          tc.completeNow();
        })));
  }

  private Future<Integer> collect(JsonObject query, Object after, List<String> names, int pages) {
    return store.page(MetaCollections.ENTRIES, query, "name", after, 10).compose(page -> {
      page.items().forEach(d -> names.add(d.getString("name")));
      return page.truncated() ? collect(query, page.next(), names, pages + 1) : Future.succeededFuture(pages + 1);
    });
  }

  @Test
  void schemaKeepsOneClusterIdAcrossRestarts(VertxTestContext tc) {
    store.ensureSchema().compose(first -> store.ensureSchema().map(second -> List.of(first, second)))
        .onComplete(tc.succeeding(ids -> tc.verify(() -> {
          assertThat(ids.get(0)).isNotBlank().isEqualTo(ids.get(1));
          tc.completeNow();
        })));
  }

  @Test
  void aNewerSchemaIsRefused(VertxTestContext tc) {
    store.client().updateCollection(MetaCollections.SCHEMA, new JsonObject().put("_id", "kdss"),
            new JsonObject().put("$set", new JsonObject().put("version", MetaSchema.VERSION + 1)))
        .compose(v -> store.ensureSchema())
        .onComplete(ar -> tc.verify(() -> {
          assertThat(ar.failed()).isTrue();
          assertThat(ar.cause()).hasMessageContaining("newer than this binary");
          tc.completeNow();
        }));
  }
}
