package io.kdss.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.master.gc.ContentReaper;
import io.kdss.meta.MetaCollections;
import io.kdss.proto.BeginWriteRequest;
import io.kdss.proto.CommitWriteRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A commit arriving after its upload was aborted (the hidden entry dropped) and the abort collected. */
class CommitAfterAbortTest {

  @Test
  void aCommitAfterAnAbortThatDroppedTheEntryLeavesNoUncollectedChunk() throws Exception {
    try (NamespaceFixture f = new NamespaceFixture()) {
      Uploads.Handle h = f.on(() -> f.ns.uploads().begin(BeginWriteRequest.newBuilder().setPath("k").build()));
      long id = h.entry().getLong("_id");
      // The sweeper (or a client) aborts the upload: the hidden entry had no other upload, so it is deleted.
      f.on(() -> f.ns.uploads().abort(id, h.cid()));
      assertThat(f.on(() -> f.ns.tree().entries().get(id))).as("entry dropped by the abort").isNull();
      // The collector handles the abort's content-dead claim: dead, nothing recorded yet, claim removed.
      ContentReaper reaper = f.ns.reaper();
      assertThat(f.on(() -> reaper.liveness(h.cid(), id, 1))).isEqualTo(ContentReaper.Liveness.DEAD);
      f.on(() -> reaper.reap(h.cid()));
      f.on(() -> f.store.client().removeDocuments(MetaCollections.GARBAGE, new JsonObject().put("kind", "content")));

      // The slow client's commit arrives now, at the master that began the upload.
      assertThatThrownBy(() -> f.on(() -> f.ns.uploads().commit(CommitWriteRequest.newBuilder().setId(id)
          .setContentId(h.cid()).addStripes(NamespaceFixture.stripe(900, 0, 4096)).setSize(4096).setEtag("x").build())))
          .as("the commit is refused").isNotNull();

      List<JsonObject> chunks = f.on(() -> f.store.client().find(MetaCollections.STRIPES,
          new JsonObject().put("cid", h.cid())));
      List<Long> queued = f.queuedContents();
      assertThat(chunks.isEmpty() || queued.contains(h.cid()))
          .as("stripe 900 is either not recorded or its content is queued again (else it is never collected): chunks="
              + chunks + " queued=" + queued)
          .isTrue();
    }
  }
}
