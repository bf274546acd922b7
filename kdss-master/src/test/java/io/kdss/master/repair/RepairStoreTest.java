package io.kdss.master.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.config.MongoOptions;
import io.kdss.master.lease.Fence;
import io.kdss.master.placement.ClusterView;
import io.kdss.master.placement.ClusterViewLoader;
import io.kdss.meta.EmbeddedMongo;
import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.kdss.proto.GroupState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The durable side on the embedded MongoDB-wire store: tasks are one per group and fenced
 * (a deposed leader's save is refused), the member swap applies once and refuses a group
 * someone else changed, and stripes are found by group and by id in the chunk documents.
 */
class RepairStoreTest {

  private Vertx vertx;
  private EmbeddedMongo mongo;
  private MetaStore store;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    mongo = EmbeddedMongo.start(null, 0);
    store = MetaStore.connect(vertx, new MongoOptions().setUri(mongo.connectionString()).setDatabase("repair"),
        mongo.connectionString());
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
    mongo.close();
  }

  @Test
  void tasksAreOnePerGroupAndFencedByTheEpoch() throws Exception {
    RepairTaskStore tasks = new RepairTaskStore(store);
    RepairTask t = TaskRunTest.task();
    assertThat(await(tasks.create(t))).isTrue();
    assertThat(await(tasks.create(t.withState(RepairTask.State.VERIFY)))).as("one task per group").isFalse();
    assertThat(await(tasks.save(t.withState(RepairTask.State.VERIFY), new Fence(2)))).isTrue();
    assertThat(await(tasks.save(t.withState(RepairTask.State.SWAP), new Fence(1)))).as("older leader").isFalse();
    assertThat(await(tasks.all())).singleElement().satisfies(x -> assertThat(x.state()).isEqualTo(RepairTask.State.VERIFY));
    assertThat(await(tasks.remove(t.groupId(), new Fence(1)))).isFalse();
    assertThat(await(tasks.remove(t.groupId(), new Fence(3)))).isTrue();
    assertThat(await(tasks.all())).isEmpty();
  }

  @Test
  void theMemberSwapAppliesOnceAndOnlyOverTheExpectedMember() throws Exception {
    ClusterView view = Clusters.random(new Random(2), 8, 1, 1, 4, 2, 1);
    ClusterView.Group g = view.groups().getFirst();
    JsonArray members = new JsonArray();
    g.members().forEach(m -> members.add(new JsonObject().put("disk", m.diskId()).put("node", m.nodeId())));
    await(store.client().insert(MetaCollections.EC_GROUPS, new JsonObject().put("_id", g.id()).put("k", 4).put("m", 2)
        .put("state", "GROUP_SEALED").put("sealed", true).put("members", members)));
    String spare = view.disks().keySet().stream().filter(d -> g.members().stream().noneMatch(m -> m.diskId().equals(d)))
        .findFirst().orElseThrow();
    MemberSwap swap = new MemberSwap(store.client());
    assertThat(await(swap.markRepairing(g.id(), new Fence(5)))).isTrue();
    RepairTask t = new RepairTask(g.id(), RepairTask.Kind.DRAIN, RepairTask.State.SWAP, 2, g.members().get(2).diskId(),
        spare, view.disk(spare).nodeId(), 1, 1, 1, List.of(), 0, 0, 5);
    assertThat(await(swap.apply(t, view, g, new Fence(4)))).as("fenced off by the newer epoch").isFalse();
    assertThat(await(swap.apply(t, view, g, new Fence(5)))).isTrue();
    assertThat(await(swap.apply(t, view, g, new Fence(5)))).as("idempotent").isTrue();
    ClusterView.Group after = ClusterViewLoader.group(await(store.client().findOne(MetaCollections.EC_GROUPS,
        new JsonObject().put("_id", g.id()), null)));
    assertThat(after.members().get(2).diskId()).isEqualTo(spare);
    assertThat(after.members()).hasSize(6);
    assertThat(after.state()).isEqualTo(GroupState.GROUP_SEALED);
    RepairTask other = new RepairTask(g.id(), RepairTask.Kind.DRAIN, RepairTask.State.SWAP, 3, "not-the-member",
        spare, "n", 1, 1, 1, List.of(), 0, 0, 5);
    assertThat(await(swap.apply(other, view, after, new Fence(5)))).as("member changed by someone else").isFalse();
  }

  @Test
  void stripesAreFoundByGroupAndById() throws Exception {
    JsonArray x = new JsonArray()
        .add(extent(100, 1, 4096)).add(extent(101, 2, 4096)).add(extent(100, 1, 4096)).add(extent(102, 1, 8192));
    await(store.client().insert(MetaCollections.STRIPES, new JsonObject().put("_id", "9.0").put("cid", 9).put("x", x)));
    await(store.client().insert(MetaCollections.STRIPES, new JsonObject().put("_id", "10.0").put("cid", 10)
        .put("x", new JsonArray().add(extent(103, 2, 4096)))));
    GroupStripes stripes = new GroupStripes(store.client());
    List<GroupStripes.StripeInfo> g1 = await(stripes.ofGroup(1));
    assertThat(g1).extracting(GroupStripes.StripeInfo::stripeId).containsExactly(100L, 102L);
    assertThat(g1.get(1).shardLength()).isEqualTo(8192);
    assertThat(g1.getFirst().crcs()).hasSize(6);
    assertThat(await(stripes.ofGroup(2))).extracting(GroupStripes.StripeInfo::stripeId).containsExactly(101L, 103L);
    Map<Long, GroupStripes.StripeInfo> byId = await(stripes.byId(List.of(101L, 103L, 999L)));
    assertThat(byId.keySet()).containsExactlyInAnyOrder(101L, 103L);
    assertThat(byId.get(103L).groupId()).isEqualTo(2);
  }

  private static JsonObject extent(long stripe, long group, int shardLength) {
    return new JsonObject().put("o", 0L).put("l", 10L).put("s", stripe).put("g", group).put("do", 0L).put("dl", 10L)
        .put("sl", shardLength).put("k", 4).put("m", 2).put("c", new JsonArray(List.of(1L, 2L, 3L, 4L, 5L, 6L)))
        .put("w", 1L);
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
