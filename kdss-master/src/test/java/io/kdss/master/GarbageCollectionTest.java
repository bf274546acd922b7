package io.kdss.master;

import static io.kdss.master.MasterCluster.await;
import static io.kdss.master.MasterCluster.eventuallyTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.client.master.MasterClient;
import io.kdss.client.master.NamespaceErrno;
import io.kdss.proto.AllocateGroupRequest;
import io.kdss.proto.AppendStripesRequest;
import io.kdss.proto.BeginWriteRequest;
import io.kdss.proto.CommitWriteRequest;
import io.kdss.proto.EcGroup;
import io.kdss.proto.Entry;
import io.kdss.proto.ReadStripesReply;
import io.kdss.proto.ReadStripesRequest;
import io.kdss.proto.ReplaceStripesRequest;
import io.kdss.proto.Stripe;
import io.kdss.proto.WriteHandle;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Garbage collection end to end: shards "written" to a simulated node, recorded as stripes,
 * then overwritten, partly replaced and deleted; the leader's delete orders reach the node
 * over the heartbeat stream and remove exactly the dead shards.
 */
class GarbageCollectionTest {

  @Test
  void deadShardsAreDeletedAndLiveOnesNever() throws Exception {
    try (MasterCluster cluster = new MasterCluster(1, Map.of("ec", Map.of("k", 4, "m", 2)));
         SimulatedStorageNode node = new SimulatedStorageNode("dev-1", "default", 6, 1L << 30)) {
      node.connect(cluster.addresses(), 50);
      MasterClient client = cluster.client();
      eventuallyTrue(5000, "a group", () -> await(client.clusterStatus()).getOpenGroups() > 0);
      EcGroup group = await(client.allocateGroup(AllocateGroupRequest.getDefaultInstance()));
      long first = await(client.reserveStripeIds(10)).getFirst();
      for (long s = first; s < first + 10; s++) {
        for (int i = 0; i < 6; i++) {
          node.addShard(group.getMembers(i).getDiskId(), s, i);
        }
      }
      long bucket = await(client.mkdir(1, "gc")).getId();

      // Object "a" = stripes 0, 1; file "b" = stripe 2.
      WriteHandle a1 = await(client.beginWrite(BeginWriteRequest.newBuilder().setParentId(bucket).setPath("a").build()));
      await(client.appendStripes(AppendStripesRequest.newBuilder().setId(a1.getEntry().getId()).setContentId(a1.getContentId())
          .addStripes(stripe(group, first, 0, 4096)).addStripes(stripe(group, first + 1, 4096, 4096)).build()));
      Entry a = await(client.commitWrite(CommitWriteRequest.newBuilder().setId(a1.getEntry().getId())
          .setContentId(a1.getContentId()).setSize(8192).build()));
      Entry b = await(client.create(bucket, "b"));
      await(client.appendStripes(AppendStripesRequest.newBuilder().setId(b.getId())
          .addStripes(stripe(group, first + 2, 0, 4096)).setSize(4096).build()));
      ReadStripesReply read = await(client.readStripes(ReadStripesRequest.newBuilder().setId(a.getId()).build()));
      assertThat(read.getStripesList()).extracting(Stripe::getStripeId).containsExactly(first, first + 1);
      assertThat(read.getSize()).isEqualTo(8192);

      // Overwrite "a" with stripe 3: stripes 0 and 1 die after the commit.
      WriteHandle a2 = await(client.beginWrite(BeginWriteRequest.newBuilder().setParentId(bucket).setPath("a").build()));
      await(client.appendStripes(AppendStripesRequest.newBuilder().setId(a.getId()).setContentId(a2.getContentId())
          .addStripes(stripe(group, first + 3, 0, 4096)).build()));
      assertThat(holdsAll(node, group, first)).as("not collected before the commit").isTrue();
      await(client.commitWrite(CommitWriteRequest.newBuilder().setId(a.getId()).setContentId(a2.getContentId())
          .setSize(4096).build()));
      eventuallyTrue(5000, "old content of a deleted", () -> !holdsAny(node, group, first) && !holdsAny(node, group, first + 1));
      assertThat(holdsAll(node, group, first + 3)).isTrue();

      // Replace [2048, 4096) of b with stripe 4: stripe 2 still backs [0, 2048) and must stay.
      await(client.replaceStripes(ReplaceStripesRequest.newBuilder().setId(b.getId()).setOffset(2048).setLength(2048)
          .addStripes(stripe(group, first + 4, 2048, 2048)).build()));
      read = await(client.readStripes(ReadStripesRequest.newBuilder().setId(b.getId()).build()));
      assertThat(read.getStripesList()).extracting(Stripe::getStripeId, Stripe::getOffset, Stripe::getLength)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(first + 2, 0L, 2048L),
              org.assertj.core.groups.Tuple.tuple(first + 4, 2048L, 2048L));
      // Replace all of b: stripes 2 and 4 die.
      await(client.replaceStripes(ReplaceStripesRequest.newBuilder().setId(b.getId()).setOffset(0).setLength(4096)
          .addStripes(stripe(group, first + 5, 0, 4096)).build()));
      eventuallyTrue(5000, "replaced stripes deleted", () -> !holdsAny(node, group, first + 2) && !holdsAny(node, group, first + 4));

      // Unlink b: stripe 5 dies. a (stripe 3) and the unused stripes 6..9 stay.
      await(client.unlink(bucket, "b"));
      eventuallyTrue(5000, "b's stripes deleted", () -> !holdsAny(node, group, first + 5));
      eventuallyTrue(5000, "garbage queue drained", () -> await(client.clusterStatus()).getGarbagePending() == 0);
      io.kdss.meta.MetaStore meta = cluster.metaStore();
      eventuallyTrue(5000, "released-stripe markers removed with their documents", () -> await(meta.client()
          .count(io.kdss.meta.MetaCollections.RELEASED, new io.vertx.core.json.JsonObject())) == 0);
      assertThat(holdsAll(node, group, first + 3)).as("the live content of a").isTrue();
      for (long s = first + 6; s < first + 10; s++) {
        assertThat(holdsAll(node, group, s)).isTrue();
      }
      assertThat(node.shardCount()).isEqualTo(5 * 6);
    }
  }

  @Test
  void stripesCarriedByTheCommitAreRecordedOrCollected() throws Exception {
    try (MasterCluster cluster = new MasterCluster(1, Map.of("ec", Map.of("k", 4, "m", 2)));
         SimulatedStorageNode node = new SimulatedStorageNode("dev-1", "default", 6, 1L << 30)) {
      node.connect(cluster.addresses(), 50);
      MasterClient client = cluster.client();
      eventuallyTrue(5000, "a group", () -> await(client.clusterStatus()).getOpenGroups() > 0);
      EcGroup group = await(client.allocateGroup(AllocateGroupRequest.getDefaultInstance()));
      long first = await(client.reserveStripeIds(4)).getFirst();
      for (long s = first; s < first + 4; s++) {
        for (int i = 0; i < 6; i++) {
          node.addShard(group.getMembers(i).getDiskId(), s, i);
        }
      }
      long bucket = await(client.mkdir(1, "commit")).getId();

      // Stripe 0 recorded by AppendStripes, stripe 1 by the commit itself: both make the object.
      WriteHandle h = await(client.beginWrite(BeginWriteRequest.newBuilder().setParentId(bucket).setPath("k").build()));
      await(client.appendStripes(AppendStripesRequest.newBuilder().setId(h.getEntry().getId()).setContentId(h.getContentId())
          .addStripes(stripe(group, first, 0, 4096)).build()));
      Entry k = await(client.commitWrite(CommitWriteRequest.newBuilder().setId(h.getEntry().getId())
          .setContentId(h.getContentId()).setSize(6000).addStripes(stripe(group, first + 1, 4096, 1904)).build()));
      ReadStripesReply read = await(client.readStripes(ReadStripesRequest.newBuilder().setId(k.getId()).build()));
      assertThat(read.getStripesList()).extracting(Stripe::getStripeId).containsExactly(first, first + 1);
      assertThat(read.getSize()).isEqualTo(6000);

      // A commit whose stripes overlap is refused whole: the object keeps its content.
      WriteHandle bad = await(client.beginWrite(BeginWriteRequest.newBuilder().setParentId(bucket).setPath("k").build()));
      assertThat(errno(client.commitWrite(CommitWriteRequest.newBuilder().setId(k.getId())
          .setContentId(bad.getContentId()).setSize(4096).addStripes(stripe(group, first + 2, 0, 4096))
          .addStripes(stripe(group, first + 3, 2048, 4096)).build()))).isEqualTo(NamespaceErrno.EINVAL);
      // Nor can an aborted upload come back with stripes (the writer abandons them).
      await(client.abortWrite(k.getId(), bad.getContentId()));
      assertThat(errno(client.commitWrite(CommitWriteRequest.newBuilder().setId(k.getId())
          .setContentId(bad.getContentId()).setSize(4096).addStripes(stripe(group, first + 2, 0, 4096)).build())))
          .isEqualTo(NamespaceErrno.ESTALE);
      read = await(client.readStripes(ReadStripesRequest.newBuilder().setId(k.getId()).build()));
      assertThat(read.getStripesList()).extracting(Stripe::getStripeId).containsExactly(first, first + 1);
      assertThat(read.getSize()).isEqualTo(6000);
    }
  }

  private static NamespaceErrno errno(io.vertx.core.Future<?> f) throws Exception {
    try {
      await(f);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return NamespaceErrno.of(e.getCause());
    }
  }

  static Stripe stripe(EcGroup g, long id, long offset, long length) {
    Stripe.Builder s = Stripe.newBuilder().setStripeId(id).setGroupId(g.getGroupId()).setOffset(offset).setLength(length)
        .setShardLength(4096).setScheme(g.getScheme());
    for (int i = 0; i < g.getMembersCount(); i++) {
      s.addShardCrc32C(i);
    }
    return s.build();
  }

  private static boolean holdsAll(SimulatedStorageNode node, EcGroup g, long stripe) {
    for (int i = 0; i < g.getMembersCount(); i++) {
      if (!node.holds(g.getMembers(i).getDiskId(), stripe, i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean holdsAny(SimulatedStorageNode node, EcGroup g, long stripe) {
    for (int i = 0; i < g.getMembersCount(); i++) {
      if (node.holds(g.getMembers(i).getDiskId(), stripe, i)) {
        return true;
      }
    }
    return false;
  }
}
