package io.kdss.master;

import static io.kdss.master.MasterCluster.await;
import static io.kdss.master.MasterCluster.eventuallyTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.client.master.MasterClient;
import io.kdss.proto.ClusterStatus;
import io.kdss.proto.NodeState;
import io.kdss.proto.NodeStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Storage nodes registering through real heartbeat streams; UP -> SUSPECT -> DOWN -> UP by silence. */
class HeartbeatTest {

  @Test
  void nodesRegisterAndTheirStatesFollowTheirSilence() throws Exception {
    try (MasterCluster cluster = new MasterCluster(1, Map.of());
         SimulatedStorageNode a = new SimulatedStorageNode("node-a", "r1", 3, 1L << 30);
         SimulatedStorageNode b = new SimulatedStorageNode("node-b", "r1", 3, 1L << 30)) {
      a.connect(cluster.addresses(), 50);
      b.connect(cluster.addresses(), 50);
      MasterClient client = cluster.client();
      eventuallyTrue(5000, "both nodes UP with their disks", () -> {
        ClusterStatus s = await(client.clusterStatus());
        return s.getNodesCount() == 2 && s.getVolumesCount() == 6
            && s.getNodesList().stream().allMatch(n -> n.getState() == NodeState.NODE_UP);
      });
      ClusterStatus s = await(client.clusterStatus());
      assertThat(s.getVolumesList()).allMatch(v -> v.getCapacityBytes() == 1L << 30);
      assertThat(a.replies).isNotEmpty();
      assertThat(a.replies.get(a.replies.size() - 1).getClusterId()).isEqualTo(s.getClusterId()).isNotBlank();
      assertThat(a.replies.get(a.replies.size() - 1).getHeartbeatIntervalMs()).isEqualTo(50);
      a.pause();
      eventuallyTrue(3000, "node-a SUSPECT", () -> state(client, "node-a") == NodeState.NODE_SUSPECT);
      assertThat(state(client, "node-b")).isEqualTo(NodeState.NODE_UP);
      eventuallyTrue(3000, "node-a DOWN", () -> state(client, "node-a") == NodeState.NODE_DOWN);
      a.resume();
      eventuallyTrue(3000, "node-a back UP", () -> state(client, "node-a") == NodeState.NODE_UP);
      assertThat(state(client, "node-b")).isEqualTo(NodeState.NODE_UP);
    }
  }

  private static NodeState state(MasterClient client, String node) throws Exception {
    return await(client.clusterStatus()).getNodesList().stream().filter(n -> n.getNodeId().equals(node))
        .map(NodeStatus::getState).findFirst().orElse(NodeState.NODE_STATE_UNKNOWN);
  }
}
