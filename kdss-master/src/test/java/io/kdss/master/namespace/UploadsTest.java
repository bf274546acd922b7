package io.kdss.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.proto.BeginWriteRequest;
import io.kdss.proto.CommitWriteRequest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** What a PUT's begin and commit leave in the store, step by step. */
class UploadsTest {

  @Test
  void aNewKeyIsMadeInOneStepWithOnePendingUploadAndItsDirectoryTouched() throws Exception {
    try (NamespaceFixture f = new NamespaceFixture()) {
      long dirV = f.on(() -> f.ns.tree().entries().require(Entries.ROOT)).getLong("v");
      Uploads.Handle h = f.on(() -> f.ns.uploads().begin(BeginWriteRequest.newBuilder().setPath("k").build()));
      JsonObject e = f.on(() -> f.ns.tree().entries().require(h.entry().getLong("_id")));
      assertThat(e.getBoolean("hidden")).isTrue();
      assertThat(EntryDoc.pending(e)).as("exactly this upload is pending").hasSize(1);
      assertThat(EntryDoc.hasPending(e, h.cid())).isTrue();
      assertThat(f.on(() -> f.ns.tree().entries().require(Entries.ROOT)).getLong("v"))
          .as("the directory's version moved after the insert (a racing rmdir fails)").isGreaterThan(dirV);

      Uploads.Handle again = f.on(() -> f.ns.uploads().begin(BeginWriteRequest.newBuilder().setPath("k").build()));
      assertThat(again.entry().getLong("_id")).as("same entry, second upload").isEqualTo(e.getLong("_id"));
      assertThat(EntryDoc.pending(f.on(() -> f.ns.tree().entries().require(e.getLong("_id"))))).hasSize(2);

      JsonObject done = f.on(() -> f.ns.uploads().commit(CommitWriteRequest.newBuilder().setId(e.getLong("_id"))
          .setContentId(h.cid()).addStripes(NamespaceFixture.stripe(900, 0, 4096)).setSize(4096).setEtag("x").build()));
      assertThat(done.getLong("cid")).isEqualTo(h.cid());
      assertThat(done.containsKey("hidden")).isFalse();
      assertThat(EntryDoc.pending(done)).as("the other upload is still pending").hasSize(1);
      assertThat(f.read(e.getLong("_id")).stripeAt(0)).isEqualTo(900);
    }
  }
}
