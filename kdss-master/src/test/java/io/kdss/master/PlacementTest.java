package io.kdss.master;

import static io.kdss.master.MasterCluster.await;
import static io.kdss.master.MasterCluster.eventuallyTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.client.master.MasterClient;
import io.kdss.client.master.NamespaceErrno;
import io.kdss.proto.AllocateGroupRequest;
import io.kdss.proto.ClusterStatusRequest;
import io.kdss.proto.EcGroup;
import io.kdss.proto.EcScheme;
import io.kdss.proto.GroupMember;
import io.kdss.proto.GroupState;
import io.kdss.proto.Health;
import io.kdss.proto.PlacementServiceGrpcClient;
import io.kdss.rpc.RpcException;
import io.vertx.grpc.common.GrpcStatus;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Group allocation against real masters and simulated storage nodes. */
class PlacementTest {

  @Test
  void devShapeGroupsUseDistinctDisksAndTheLeaderKeepsOpenGroupsReady() throws Exception {
    try (MasterCluster cluster = new MasterCluster(1, Map.of("ec", Map.of("k", 4, "m", 2), "openGroups", 3));
         SimulatedStorageNode dev = new SimulatedStorageNode("dev-1", "default", 6, 1L << 30)) {
      dev.connect(cluster.addresses(), 50);
      MasterClient client = cluster.client();
      eventuallyTrue(5000, "3 OPEN groups pre-allocated", () -> await(client.clusterStatus()).getOpenGroups() >= 3);
      EcGroup g = await(client.allocateGroup(AllocateGroupRequest.getDefaultInstance()));
      assertThat(g.getScheme().getK()).isEqualTo(4);
      assertThat(g.getMembersList()).hasSize(6);
      Set<String> disks = new HashSet<>();
      g.getMembersList().forEach(mb -> disks.add(mb.getDiskId()));
      assertThat(disks).as("distinct disks on the one node").hasSize(6);
      assertThat(g.getMembersList()).allMatch(mb -> mb.getNodeId().equals("dev-1") && !mb.getDataAddress().isEmpty());

      RpcException refused = refusal(client, 8, 3);
      assertThat(refused.status()).isEqualTo(GrpcStatus.FAILED_PRECONDITION);
      assertThat(NamespaceErrno.of(refused)).isEqualTo(NamespaceErrno.ENOSPC);
      assertThat(refused.detail()).contains("scheme 8+3 needs 11 usable disks").contains("has 6");

      EcGroup other = await(client.allocateGroup(AllocateGroupRequest.newBuilder()
          .setScheme(EcScheme.newBuilder().setK(2).setM(1)).build()));
      assertThat(other.getMembersCount()).as("a scheme used for the first time is placed on demand").isEqualTo(3);
    }
  }

  @Test
  void groupsSpreadOverNodesAndDegradeWhenAMemberNodeIsDown() throws Exception {
    try (MasterCluster cluster = new MasterCluster(1, Map.of("ec", Map.of("k", 2, "m", 1), "openGroups", 2));
         SimulatedStorageNode a = new SimulatedStorageNode("a", "r1", 2, 1L << 30);
         SimulatedStorageNode b = new SimulatedStorageNode("b", "r2", 2, 1L << 30);
         SimulatedStorageNode c = new SimulatedStorageNode("c", "r3", 2, 1L << 30)) {
      a.connect(cluster.addresses(), 50);
      b.connect(cluster.addresses(), 50);
      c.connect(cluster.addresses(), 50);
      MasterClient client = cluster.client();
      eventuallyTrue(5000, "open groups over all three nodes", () -> {
        var open = await(client.call(PlacementServiceGrpcClient.GetClusterStatus,
            ClusterStatusRequest.newBuilder().setWithGroups(true).build())).getGroupsList().stream()
            .filter(g -> g.getState() == GroupState.GROUP_OPEN).toList();
        return open.size() >= 2 && open.stream().allMatch(g -> g.getMembersList().stream()
            .map(GroupMember::getNodeId).distinct().count() == 3);
      });
      for (int i = 0; i < 10; i++) {
        EcGroup g = await(client.allocateGroup(AllocateGroupRequest.getDefaultInstance()));
        Set<String> nodes = new HashSet<>();
        g.getMembersList().forEach(mb -> nodes.add(mb.getNodeId()));
        assertThat(nodes).as("3 members on 3 nodes").hasSize(3);
      }
      // An unhealthy disk gets no new group members.
      a.health.put("a-disk-0", Health.HEALTH_FAILING);
      c.pause();
      eventuallyTrue(5000, "groups on node c DEGRADED", () -> await(client.call(PlacementServiceGrpcClient.GetClusterStatus,
              ClusterStatusRequest.newBuilder().setWithGroups(true).build())).getGroupsList().stream()
          .filter(g -> g.getMembersList().stream().anyMatch(mb -> mb.getNodeId().equals("c")))
          .allMatch(g -> g.getState() == GroupState.GROUP_DEGRADED));
      for (int i = 0; i < 10; i++) {
        EcGroup g = await(client.allocateGroup(AllocateGroupRequest.getDefaultInstance()));
        assertThat(g.getMembersList()).as("no writes to a DEGRADED group").noneMatch(mb -> mb.getNodeId().equals("c"));
        assertThat(g.getState()).isEqualTo(GroupState.GROUP_OPEN);
      }
      c.resume();
      eventuallyTrue(5000, "groups healthy again", () -> await(client.clusterStatus()).getDegradedGroups() == 0);
      EcGroup g = await(client.allocateGroup(AllocateGroupRequest.getDefaultInstance()));
      assertThat(g.getMembersList()).extracting(GroupMember::getDiskId).doesNotContain("a-disk-0");
    }
  }

  private static RpcException refusal(MasterClient client, int k, int m) throws Exception {
    try {
      await(client.allocateGroup(AllocateGroupRequest.newBuilder().setScheme(EcScheme.newBuilder().setK(k).setM(m)).build()));
      return new RpcException(GrpcStatus.OK, "");
    } catch (java.util.concurrent.ExecutionException e) {
      return (RpcException) e.getCause();
    }
  }
}
