package io.kdss.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.client.master.NamespaceErrno;
import io.kdss.proto.BeginWriteRequest;
import io.kdss.proto.CommitWriteRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * An aborted upload takes back the implicit directories its BeginWrite made (S3: a failed PUT
 * leaves no "directory"), never one that holds or gains another key; and the conditions of a
 * write (if_absent, if_match_etag) at begin and at commit.
 */
class AbortPruneTest {

  static BeginWriteRequest put(String path) {
    return BeginWriteRequest.newBuilder().setPath(path).setMakeParents(true).build();
  }

  static JsonObject child(NamespaceFixture f, long parent, String name) throws Exception {
    return f.on(() -> f.ns.tree().entries().child(parent, name));
  }

  static JsonObject commit(NamespaceFixture f, Uploads.Handle h, String etag) throws Exception {
    return f.on(() -> f.ns.uploads().commit(CommitWriteRequest.newBuilder().setId(h.entry().getLong("_id"))
        .setContentId(h.cid()).setSize(0).setEtag(etag).build()));
  }

  static <T> NamespaceErrno errno(NamespaceFixture f, Supplier<Future<T>> call) {
    Throwable[] failure = new Throwable[1];
    assertThatThrownBy(() -> f.on(call)).isInstanceOfSatisfying(ExecutionException.class, e -> failure[0] = e.getCause());
    return NamespaceErrors.errnoOf(failure[0]);
  }

  @Test
  void anAbortedFirstUploadRemovesTheDirectoriesItMade() throws Exception {
    try (NamespaceFixture f = new NamespaceFixture()) {
      Uploads.Handle h = f.on(() -> f.ns.uploads().begin(put("a/b/c")));
      JsonObject a = child(f, Entries.ROOT, "a");
      assertThat(a.getBoolean("implicit")).isTrue();
      assertThat(child(f, a.getLong("_id"), "b")).isNotNull();

      f.on(() -> f.ns.uploads().abort(h.entry().getLong("_id"), h.cid()));
      assertThat(child(f, Entries.ROOT, "a")).as("a/ and a/b/ are gone with the upload").isNull();
      assertThat(f.on(() -> f.ns.tree().entries().get(a.getLong("_id")))).isNull();

      Uploads.Handle file = f.on(() -> f.ns.uploads().begin(put("a")));
      assertThat(commit(f, file, "e").getString("type")).as("the key 'a' is a file now").isEqualTo(EntryDoc.FILE);
    }
  }

  @Test
  void anAbortKeepsDirectoriesThatHoldOtherKeys() throws Exception {
    try (NamespaceFixture f = new NamespaceFixture()) {
      commit(f, f.on(() -> f.ns.uploads().begin(put("x/kept"))), "k");
      Uploads.Handle pending = f.on(() -> f.ns.uploads().begin(put("x/y/other")));
      Uploads.Handle failed = f.on(() -> f.ns.uploads().begin(put("x/y/z")));
      long x = child(f, Entries.ROOT, "x").getLong("_id");

      f.on(() -> f.ns.uploads().abort(failed.entry().getLong("_id"), failed.cid()));
      assertThat(child(f, x, "y")).as("x/y/ holds another upload in progress").isNotNull();

      f.on(() -> f.ns.uploads().abort(pending.entry().getLong("_id"), pending.cid()));
      assertThat(child(f, x, "y")).as("x/y/ is empty now").isNull();
      assertThat(child(f, Entries.ROOT, "x")).as("x/ holds a committed key").isNotNull();
      assertThat(child(f, x, "kept")).isNotNull();
    }
  }

  @Test
  void aBeginRacingThePruneOfItsDirectoryStillLandsInALiveDirectory() throws Exception {
    try (NamespaceFixture f = new NamespaceFixture()) {
      for (int round = 0; round < 30; round++) {
        String dir = "r" + round;
        Uploads.Handle first = f.on(() -> f.ns.uploads().begin(put(dir + "/sub/first")));
        Future<JsonObject> abort = f.start(() -> f.ns.uploads().abort(first.entry().getLong("_id"), first.cid()));
        Future<Uploads.Handle> second = f.start(() -> f.ns.uploads().begin(put(dir + "/sub/second")));
        NamespaceFixture.await(abort);
        Uploads.Handle h = NamespaceFixture.await(second);
        JsonObject e = f.on(() -> f.ns.tree().entries().require(h.entry().getLong("_id")));
        JsonObject sub = f.on(() -> f.ns.tree().entries().get(e.getLong("parentId")));
        assertThat(sub).as("round " + round + ": the second upload's directory exists").isNotNull();
        assertThat(sub.getString("name")).isEqualTo("sub");
        JsonObject top = f.on(() -> f.ns.tree().entries().get(sub.getLong("parentId")));
        assertThat(top).as("round " + round + ": and its parent").isNotNull();
        assertThat(top.getLong("parentId")).isEqualTo(Entries.ROOT);
        assertThat(commit(f, h, "s").getLong("parentId")).isEqualTo(sub.getLong("_id"));
      }
    }
  }

  @Test
  void conditionsHoldAtBeginAndAtCommit() throws Exception {
    try (NamespaceFixture f = new NamespaceFixture()) {
      commit(f, f.on(() -> f.ns.uploads().begin(put("c/k"))), "one");
      assertThat(errno(f, () -> f.ns.uploads().begin(put("c/k").toBuilder().setIfAbsent(true).build())))
          .isEqualTo(NamespaceErrno.EEXIST);
      assertThat(errno(f, () -> f.ns.uploads().begin(put("c/k").toBuilder().setIfMatchEtag("two").build())))
          .isEqualTo(NamespaceErrno.EEXIST);
      long k = child(f, child(f, Entries.ROOT, "c").getLong("_id"), "k").getLong("_id");
      assertThat(EntryDoc.pending(f.on(() -> f.ns.tree().entries().require(k)))).as("refused begins leave nothing")
          .isEmpty();
      assertThat(errno(f, () -> f.ns.uploads().begin(put("d/e/missing").toBuilder().setIfMatchEtag("one").build())))
          .isEqualTo(NamespaceErrno.ENOENT);
      assertThat(child(f, Entries.ROOT, "d")).as("nor directories").isNull();

      // Both admitted, one commits first: the other's condition no longer holds at its commit.
      Uploads.Handle a = f.on(() -> f.ns.uploads().begin(put("c/k").toBuilder().setIfMatchEtag("one").build()));
      Uploads.Handle b = f.on(() -> f.ns.uploads().begin(put("c/k").toBuilder().setIfMatchEtag("one").build()));
      f.on(() -> f.ns.uploads().commit(CommitWriteRequest.newBuilder().setId(k).setContentId(a.cid()).setEtag("two")
          .setIfMatchEtag("one").build()));
      assertThat(errno(f, () -> f.ns.uploads().commit(CommitWriteRequest.newBuilder().setId(k).setContentId(b.cid())
          .setEtag("three").setIfMatchEtag("one").build()))).isEqualTo(NamespaceErrno.EEXIST);
      JsonObject now = f.on(() -> f.ns.tree().entries().require(k));
      assertThat(now.getString("etag")).isEqualTo("two");
      assertThat(EntryDoc.hasPending(now, b.cid())).as("the refused commit keeps its upload for the abort").isTrue();

      Uploads.Handle n1 = f.on(() -> f.ns.uploads().begin(put("c/new").toBuilder().setIfAbsent(true).build()));
      Uploads.Handle n2 = f.on(() -> f.ns.uploads().begin(put("c/new").toBuilder().setIfAbsent(true).build()));
      f.on(() -> f.ns.uploads().commit(CommitWriteRequest.newBuilder().setId(n1.entry().getLong("_id"))
          .setContentId(n1.cid()).setEtag("n1").setIfAbsent(true).build()));
      assertThat(errno(f, () -> f.ns.uploads().commit(CommitWriteRequest.newBuilder().setId(n2.entry().getLong("_id"))
          .setContentId(n2.cid()).setEtag("n2").setIfAbsent(true).build()))).isEqualTo(NamespaceErrno.EEXIST);
    }
  }
}
