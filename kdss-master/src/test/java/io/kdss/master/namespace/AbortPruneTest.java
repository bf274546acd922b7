package io.kdss.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.client.master.NamespaceErrno;
import io.kdss.proto.BeginWriteRequest;
import io.kdss.meta.MetaCollections;
import io.kdss.proto.CommitWriteRequest;
import io.kdss.proto.CreateUploadRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.server.StatusException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * An aborted upload takes back the implicit directories its BeginWrite made (S3: a failed PUT
 * leaves no "directory"), never one that holds or gains another key; and the conditions of a
 * write (if_absent, if_match_etag) at begin and at commit, of a PUT and of a multipart completion.
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

  /**
   * A conditional completion whose key was written after its target was reserved: the state a
   * completion is in at its commit step (parts consumed), resumed as the leader's sweep would.
   * The commit refuses, and the upload ends with ConditionalRequestConflict, nothing of it left.
   */
  @Test
  void aConditionalCompletionOvertakenBeforeItsCommitEndsTheUpload() throws Exception {
    try (NamespaceFixture f = new NamespaceFixture()) {
      long bucket = f.on(() -> f.ns.tree().makeChild(Entries.ROOT, "bkt", EntryDoc.DIR, 0755, 0, 0, new JsonObject()))
          .getLong("_id");
      MultipartUploads mp = f.ns.multipart();
      JsonObject upload = f.on(() -> mp.create(CreateUploadRequest.newBuilder().setBucket("bkt").setKey("dir/k").build()));
      Uploads.Handle target = f.on(() -> f.ns.uploads().begin(put("dir/k").toBuilder().setParentId(bucket)
          .setIfAbsent(true).build()));
      Uploads.Handle other = f.on(() -> f.ns.uploads().begin(put("dir/k").toBuilder().setParentId(bucket)
          .setIfAbsent(true).build()));
      commit(f, other, "theirs");
      JsonObject plan = new JsonObject().put("parts", new JsonArray()).put("size", 0L).put("etag", "00-1")
          .put("ifAbsent", true).put("step", 4)
          .put("target", new JsonObject().put("id", target.entry().getLong("_id")).put("cid", target.cid()));
      JsonObject completing = upload.copy().put("state", MultipartUploads.COMPLETING).put("plan", plan);
      f.on(() -> mp.mongo().replaceDocuments(MetaCollections.MULTIPART_UPLOADS,
          new JsonObject().put("_id", upload.getString("_id")), completing));

      Throwable[] failure = new Throwable[1];
      assertThatThrownBy(() -> f.on(() -> mp.completion().execute(completing)))
          .isInstanceOfSatisfying(ExecutionException.class, e -> failure[0] = e.getCause());
      assertThat(((StatusException) failure[0]).message()).startsWith("ConditionalRequestConflict:");
      assertThat(f.on(() -> mp.mongo().findOne(MetaCollections.MULTIPART_UPLOADS,
          new JsonObject().put("_id", upload.getString("_id")), null))).as("the upload is gone").isNull();
      JsonObject k = f.on(() -> f.ns.tree().entries().require(target.entry().getLong("_id")));
      assertThat(k.getString("etag")).as("the other write stands").isEqualTo("theirs");
      assertThat(EntryDoc.pending(k)).as("the completion's target was aborted").isEmpty();
    }
  }
}
