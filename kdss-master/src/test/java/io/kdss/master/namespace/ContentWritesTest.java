package io.kdss.master.namespace;

import static io.kdss.master.namespace.NamespaceFixture.stripe;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stripe writes of a file's current content against the real metadata store: what a reader
 * sees after writes that race with each other, with truncates and with retries.
 */
class ContentWritesTest {

  static NamespaceFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = new NamespaceFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @Test
  void aSmallUploadsCommitMakesChunkZeroInOneInsertAndReadsBack() throws Exception {
    io.kdss.proto.WriteHandle h = fx.on(() -> fx.ns.endpoint().beginWrite(io.kdss.proto.BeginWriteRequest.newBuilder()
        .setParentId(Entries.ROOT).setPath("small").build()));
    long id = h.getEntry().getId();
    long cid = h.getContentId();
    fx.on(() -> fx.ns.endpoint().commitWrite(io.kdss.proto.CommitWriteRequest.newBuilder().setId(id).setContentId(cid)
        .setSize(4096).setEtag("e").addStripes(stripe(6001, 0, 4096)).build()));
    JsonObject chunk0 = fx.on(() -> fx.store.client().findOne(io.kdss.meta.MetaCollections.STRIPES,
        new JsonObject().put("_id", ChunkStore.id(cid, 0)), null));
    assertThat(chunk0.getLong("w")).as("write sequence taken").isEqualTo(1L);
    assertThat(chunk0.getLong("hwm")).isEqualTo(4096L);
    assertThat(chunk0.getLong("cv")).isEqualTo(1L);
    assertThat(chunk0.getJsonArray("x")).hasSize(1);
    NamespaceFixture.Read r = fx.read(id);
    assertThat(r.size()).isEqualTo(4096);
    assertThat(r.stripeAt(0)).isEqualTo(6001);
    assertThat(r.covered()).isEqualTo(4096);

    fx.append(id, stripe(6002, 4096, 100));
    NamespaceFixture.Read grown = fx.read(id);
    assertThat(grown.size()).as("a later write takes sequence 2 on the chunk the commit made").isEqualTo(4196);
    assertThat(grown.stripeAt(4100)).isEqualTo(6002);
    assertThat(grown.stripeAt(10)).isEqualTo(6001);
  }

  @Test
  void anUploadsCommitAtOffsetZeroAfterLaterStripesWereRecordedKeepsThemAll() throws Exception {
    io.kdss.proto.WriteHandle h = fx.on(() -> fx.ns.endpoint().beginWrite(io.kdss.proto.BeginWriteRequest.newBuilder()
        .setParentId(Entries.ROOT).setPath("outoforder").build()));
    long id = h.getEntry().getId();
    long cid = h.getContentId();
    fx.on(() -> fx.ns.endpoint().appendStripes(io.kdss.proto.AppendStripesRequest.newBuilder().setId(id)
        .setContentId(cid).addStripes(stripe(6101, 100, 100)).build()));
    fx.on(() -> fx.ns.endpoint().commitWrite(io.kdss.proto.CommitWriteRequest.newBuilder().setId(id).setContentId(cid)
        .setSize(200).setEtag("e").addStripes(stripe(6100, 0, 100)).build()));
    NamespaceFixture.Read r = fx.read(id);
    assertThat(r.size()).isEqualTo(200);
    assertThat(r.stripeAt(50)).isEqualTo(6100);
    assertThat(r.stripeAt(150)).as("the stripe recorded before the commit").isEqualTo(6101);
    assertThat(r.covered()).isEqualTo(200);
    JsonObject chunk0 = fx.on(() -> fx.store.client().findOne(io.kdss.meta.MetaCollections.STRIPES,
        new JsonObject().put("_id", ChunkStore.id(cid, 0)), null));
    assertThat(chunk0.getLong("w")).isEqualTo(2L);
  }

  @Test
  void aCommitCarryingStripesRacingAnAbortOfItsUploadHasExactlyOneWinner() throws Exception {
    List<String> wrong = new ArrayList<>();
    int committed = 0;
    for (int f = 0; f < 30; f++) {
      String key = "race" + f;
      io.kdss.proto.WriteHandle h = fx.on(() -> fx.ns.endpoint().beginWrite(io.kdss.proto.BeginWriteRequest.newBuilder()
          .setParentId(Entries.ROOT).setPath(key).build()));
      fx.on(() -> fx.ns.endpoint().beginWrite(io.kdss.proto.BeginWriteRequest.newBuilder()
          .setParentId(Entries.ROOT).setPath(key).build()));
      long id = h.getEntry().getId();
      long cid = h.getContentId();
      long stripeId = 6300 + f;
      Future<io.kdss.proto.Entry> commit = fx.start(() -> fx.ns.endpoint().commitWrite(io.kdss.proto.CommitWriteRequest
          .newBuilder().setId(id).setContentId(cid).setSize(100).setEtag("e").addStripes(stripe(stripeId, 0, 100)).build()));
      // The first ten aborts start with the commit and race its steps (they usually win: the
      // commit has more of them); the others start 1 to 20 ms later and mostly find it done.
      io.vertx.core.Promise<io.kdss.proto.Entry> aborted = io.vertx.core.Promise.promise();
      Runnable startAbort = () -> fx.start(() -> fx.ns.endpoint().abortWrite(
          io.kdss.proto.AbortWriteRequest.newBuilder().setId(id).setContentId(cid).build())).onComplete(aborted);
      if (f < 10) {
        startAbort.run();
      } else {
        fx.vertx.setTimer(f - 9, t -> startAbort.run());
      }
      Future<io.kdss.proto.Entry> abort = aborted.future();
      NamespaceFixture.await(Future.join(commit, abort).otherwiseEmpty());
      NamespaceFixture.Read r = fx.read(id);
      if (commit.succeeded() == abort.succeeded()) {
        wrong.add(key + ": commit " + commit.succeeded() + ", abort " + abort.succeeded());
      } else if (commit.succeeded()) {
        committed++;
        if (r.size() != 100 || r.stripeAt(50) != stripeId) {
          wrong.add(key + ": committed but reads size " + r.size() + ", stripe " + r.stripeAt(50));
        }
      } else if (r.size() != 0 || !fx.queuedContents().contains(cid)) {
        wrong.add(key + ": aborted but reads size " + r.size() + " or its content is not queued");
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(committed).as("commits whose abort came late went through").isPositive();
    assertThat(committed).as("aborts racing the commit's steps won some").isLessThan(30);
  }

  @Test
  void anAppendWithGapsBetweenItsStripesKeepsTheOldBytesInTheGaps() throws Exception {
    long id = fx.file("gaps");
    fx.append(id, stripe(21, 0, 30));
    fx.append(id, stripe(22, 0, 10), stripe(23, 20, 10));
    NamespaceFixture.Read r = fx.read(id);
    assertThat(r.size()).isEqualTo(30);
    assertThat(r.stripeAt(0)).isEqualTo(22);
    assertThat(r.stripeAt(15)).as("the gap still holds the old stripe").isEqualTo(21);
    assertThat(r.stripeAt(25)).isEqualTo(23);
    assertThat(r.covered()).isEqualTo(30);
    assertThat(fx.queuedStripes()).doesNotContain(21L);
  }

  @Test
  void concurrentWritesPastTheEndKeepEachOthersAcknowledgedBytes() throws Exception {
    int files = 40;
    List<String> lost = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      long id = fx.file("eof" + f);
      long s1 = 1000 + 2L * f;
      long s2 = s1 + 1;
      Future<JsonObject> w1 = fx.appendAsync(id, stripe(s1, 0, 100));
      Future<JsonObject> w2 = fx.appendAsync(id, stripe(s2, 100, 100));
      NamespaceFixture.await(Future.all(w1, w2));
      NamespaceFixture.Read r = fx.read(id);
      if (r.size() != 200 || r.covered() != 200 || r.stripeAt(50) != s1 || r.stripeAt(150) != s2) {
        lost.add("file " + f + ": size " + r.size() + ", stripes at 50/150: " + r.stripeAt(50) + "/" + r.stripeAt(150));
      }
    }
    assertThat(lost).as("both writes were acknowledged, so both must read back").isEmpty();
  }

  @Test
  void aWriteAcknowledgedAfterAShrinkKeepsItsBytes() throws Exception {
    List<String> lost = new ArrayList<>();
    int after = 0;
    for (int f = 0; f < 40; f++) {
      long id = fx.file("shrink" + f);
      fx.append(id, stripe(3000 + 2L * f, 0, 1000));
      long mine = 3001 + 2L * f;
      Future<JsonObject> cut = fx.truncateAsync(id, 100);
      Future<JsonObject> write = fx.appendAsync(id, stripe(mine, 100, 200));
      NamespaceFixture.await(Future.join(cut, write).otherwiseEmpty());
      assertThat(cut.succeeded()).as("truncate " + f).isTrue();
      NamespaceFixture.Read r = fx.read(id);
      if (write.succeeded() && r.size() == 300 && (r.stripeAt(150) != mine || r.covered() != 300)) {
        lost.add("file " + f + ": size 300, stripe at 150: " + r.stripeAt(150) + ", covered " + r.covered() + " "
            + r.runs().stream().map(java.util.Arrays::toString).toList());
      }
      if (write.succeeded() && r.size() == 300) {
        after++;
      }
      if (write.failed()) {
        assertThat(NamespaceErrors.errnoOf(write.cause())).as("a write that lost to the truncate is refused")
            .isEqualTo(io.kdss.client.master.NamespaceErrno.EAGAIN);
      }
      if (r.size() == 100) {
        assertThat(r.covered()).isEqualTo(100);
      }
    }
    assertThat(lost).as("a write acknowledged after the truncate must read back").isEmpty();
    assertThat(after).as("some writes landed after their truncate").isPositive();
  }

  @Test
  void growingAFileCutsOnlyBytesAShrinkLeftBehind() throws Exception {
    long id = fx.file("grow");
    fx.append(id, stripe(4001, 0, 1000));
    NamespaceFixture.await(fx.truncateAsync(id, 100));
    fx.append(id, stripe(4002, 400, 100));
    NamespaceFixture.await(fx.truncateAsync(id, 1000));
    NamespaceFixture.Read r = fx.read(id);
    assertThat(r.size()).isEqualTo(1000);
    assertThat(r.stripeAt(50)).isEqualTo(4001);
    assertThat(r.stripeAt(200)).as("truncated bytes read as zeros").isEqualTo(0);
    assertThat(r.stripeAt(450)).as("the write past the end after the shrink").isEqualTo(4002);
    assertThat(r.stripeAt(700)).isEqualTo(0);
  }

  @Test
  void aStripeAlreadyReleasedCannotBeRecordedAgain() throws Exception {
    long id = fx.file("released");
    fx.append(id, stripe(5001, 0, 100));
    fx.append(id, stripe(5002, 0, 100));
    assertThat(fx.queuedStripes()).contains(5001L);
    assertThat(fx.on(() -> fx.store.client().findOne(io.kdss.meta.MetaCollections.RELEASED,
        new JsonObject().put("_id", 5001L), null))).as("its released-stripe marker").isNotNull();
    Future<JsonObject> again = fx.appendAsync(id, stripe(5001, 100, 100));
    NamespaceFixture.await(again.otherwiseEmpty());
    assertThat(again.failed()).as("a retried append of a stripe queued for deletion is refused").isTrue();
    assertThat(NamespaceErrors.errnoOf(again.cause())).isEqualTo(io.kdss.client.master.NamespaceErrno.EINVAL);
    NamespaceFixture.Read r = fx.read(id);
    assertThat(r.size()).isEqualTo(100);
    assertThat(r.stripeAt(50)).isEqualTo(5002);
  }
}
