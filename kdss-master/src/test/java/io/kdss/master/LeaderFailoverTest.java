package io.kdss.master;

import static io.kdss.master.MasterCluster.await;
import static io.kdss.master.MasterCluster.eventuallyTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.client.master.MasterClient;
import io.kdss.config.MongoOptions;
import io.kdss.master.lease.Fence;
import io.kdss.master.lease.LeaderLease;
import io.kdss.meta.EmbeddedMongo;
import io.kdss.meta.MetaStore;
import io.kdss.proto.ClusterStatus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Three masters on one store: one leader, a new one within the lease after a kill, fenced writes. */
class LeaderFailoverTest {

  @Test
  void killingTheLeaderElectsAnotherWithinTheLeaseAndClientsFailOver() throws Exception {
    try (MasterCluster cluster = new MasterCluster(3, Map.of("leaseMs", 1000))) {
      List<MasterClient> each = List.of(cluster.clientOf(0), cluster.clientOf(1), cluster.clientOf(2));
      eventuallyTrue(5000, "one leader", () -> leaders(each, cluster).size() == 1);
      int leader = leaders(each, cluster).get(0);
      long epoch = await(each.get(leader).clusterStatus()).getEpoch();

      AtomicBoolean watching = new AtomicBoolean(true);
      AtomicInteger maxLeaders = new AtomicInteger();
      Thread watcher = new Thread(() -> {
        while (watching.get()) {
          try {
            maxLeaders.accumulateAndGet(leaders(each, cluster).size(), Math::max);
          } catch (Exception ignored) {
            // a master going away mid-poll
          }
        }
      });
      watcher.start();
      MasterClient failover = cluster.client();
      long created = await(failover.mkdir(1, "before")).getId();
      cluster.kill(leader);
      long killed = System.currentTimeMillis();
      eventuallyTrue(4000, "a new leader", () -> leaders(each, cluster).size() == 1);
      long took = System.currentTimeMillis() - killed;
      watching.set(false);
      watcher.join();
      int next = leaders(each, cluster).get(0);
      assertThat(next).isNotEqualTo(leader);
      assertThat(took).as("takeover within lease + renew period + margin").isLessThan(1000 + 400 + 1000);
      assertThat(await(each.get(next).clusterStatus()).getEpoch()).isGreaterThan(epoch);
      assertThat(maxLeaders.get()).as("never two leaders at once").isLessThanOrEqualTo(1);
      // A client that knows all masters keeps working whichever one died.
      assertThat(await(failover.lookup(1, "before")).getId()).isEqualTo(created);
      assertThat(await(failover.mkdir(1, "after")).getName()).isEqualTo("after");
    }
  }

  private static List<Integer> leaders(List<MasterClient> each, MasterCluster cluster) throws Exception {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < each.size(); i++) {
      if (!cluster.alive.get(i)) {
        continue;
      }
      ClusterStatus s = await(each.get(i).clusterStatus());
      if (s.getIsLeader()) {
        out.add(i);
      }
    }
    return out;
  }

  @Test
  void aDeposedLeadersFencedWritesAreRefused() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (EmbeddedMongo mongo = EmbeddedMongo.start(null, 0)) {
      MetaStore store = MetaStore.connect(vertx, new MongoOptions().setUri(mongo.connectionString()).setDatabase("fence"),
          mongo.connectionString());
      LeaderLease old = new LeaderLease(vertx, store, "old", "h:1", 300);
      old.start();
      eventuallyTrue(3000, "old leads", old::isLeader);
      Fence oldFence = old.fence();
      JsonObject doc = new JsonObject().put("_id", "node-x").put("state", "NODE_UP");
      await(store.client().insert("nodes", doc));
      assertThat(await(store.client().updateCollection("nodes", oldFence.guard(new JsonObject().put("_id", "node-x")),
          new JsonObject().put("$set", oldFence.stamp(new JsonObject().put("state", "NODE_SUSPECT"))))).getDocMatched())
          .as("the leader's own fenced write").isEqualTo(1);
      // The old leader pauses (no renewals); once its lease expires another master takes over.
      await(old.stop().recover(e -> io.vertx.core.Future.succeededFuture()));
      LeaderLease next = new LeaderLease(vertx, store, "next", "h:2", 300);
      next.start();
      eventuallyTrue(3000, "next leads", next::isLeader);
      assertThat(next.epoch()).isGreaterThan(oldFence.epoch());
      Fence nextFence = next.fence();
      assertThat(await(store.client().updateCollection("nodes", nextFence.guard(new JsonObject().put("_id", "node-x")),
          new JsonObject().put("$set", nextFence.stamp(new JsonObject().put("state", "NODE_DOWN"))))).getDocMatched())
          .isEqualTo(1);
      long refused = await(store.client().updateCollection("nodes", oldFence.guard(new JsonObject().put("_id", "node-x")),
          new JsonObject().put("$set", oldFence.stamp(new JsonObject().put("state", "NODE_UP"))))).getDocMatched();
      assertThat(refused).as("the deposed leader's write is refused by the store").isZero();
      assertThat(await(store.client().findOne("nodes", new JsonObject().put("_id", "node-x"), null)).getString("state"))
          .isEqualTo("NODE_DOWN");
      await(next.stop());
      await(store.close());
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void aLeaseIsTakenOnlyAfterItExpires() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (EmbeddedMongo mongo = EmbeddedMongo.start(null, 0)) {
      MetaStore store = MetaStore.connect(vertx, new MongoOptions().setUri(mongo.connectionString()).setDatabase("lease"),
          mongo.connectionString());
      LeaderLease a = new LeaderLease(vertx, store, "a", "h:1", 600);
      a.start();
      eventuallyTrue(3000, "a leads", a::isLeader);
      LeaderLease b = new LeaderLease(vertx, store, "b", "h:2", 600);
      b.start();
      Thread.sleep(1500);
      assertThat(b.isLeader()).as("a renews, so b never leads").isFalse();
      assertThat(b.leaderId()).isEqualTo("a");
      await(a.stop());
      eventuallyTrue(3000, "b takes over after a gives the lease up", b::isLeader);
      await(b.stop());
      await(store.close());
    } finally {
      await(vertx.close());
    }
  }
}
