package io.kdss.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.proto.AllocateGroupRequest;
import io.kdss.proto.EcGroup;
import io.kdss.proto.EcScheme;
import io.kdss.proto.GetGroupRequest;
import io.kdss.proto.GroupMember;
import io.kdss.proto.HeartbeatServiceGrpcClient;
import io.kdss.proto.HeartbeatServiceGrpcService;
import io.kdss.proto.MasterReply;
import io.kdss.proto.NodeReport;
import io.kdss.proto.PlacementServiceGrpcClient;
import io.kdss.proto.PlacementServiceGrpcService;
import io.kdss.testing.TestPorts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.StatusException;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The generated contracts over a real vertx-grpc server and client (HTTP/2 on loopback). */
@ExtendWith(VertxExtension.class)
class GrpcRoundTripTest {

  private int port;
  private GrpcClient client;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext tc) {
    port = TestPorts.free();
    GrpcServer grpc = GrpcServer.server(vertx);
    new PlacementServiceGrpcService() {
      @Override
      public Future<EcGroup> allocateGroup(AllocateGroupRequest request) {
        EcGroup.Builder g = EcGroup.newBuilder().setGroupId(42).setScheme(request.getScheme());
        for (int i = 0; i < request.getScheme().getK() + request.getScheme().getM(); i++) {
          g.addMembers(GroupMember.newBuilder().setDiskId("disk-" + i).setNodeId("node-" + i));
        }
        return Future.succeededFuture(g.build());
      }

      @Override
      public Future<EcGroup> getGroup(GetGroupRequest request) {
        return Future.failedFuture(new StatusException(GrpcStatus.NOT_FOUND, "no group " + request.getGroupId()));
      }
    }.bind(grpc);
    new HeartbeatServiceGrpcService() {
      @Override
      protected void beat(ReadStream<NodeReport> reports, WriteStream<MasterReply> replies) {
        reports.handler(r -> replies.write(MasterReply.newBuilder().setAckSequence(r.getSequence())
            .setMasterId("m1").setClusterId("c-" + r.getNodeId()).build()));
        reports.endHandler(v -> replies.end());
      }
    }.bind(grpc);
    Router router = Router.router(vertx);
    router.get("/health").handler(rc -> rc.end("{\"status\":\"UP\"}"));
    RpcHttpServer.listen(vertx, "127.0.0.1", port, grpc, router)
        .onComplete(tc.succeedingThenComplete());
    client = GrpcClient.client(vertx);
  }

  @Test
  void unaryCallCarriesTheMessageBothWays(VertxTestContext tc) {
    PlacementServiceGrpcClient placement = PlacementServiceGrpcClient.create(client, SocketAddress.inetSocketAddress(port, "127.0.0.1"));
    placement.allocateGroup(AllocateGroupRequest.newBuilder().setScheme(EcScheme.newBuilder().setK(8).setM(3)).build())
        .onComplete(tc.succeeding(group -> tc.verify(() -> {
          assertThat(group.getGroupId()).isEqualTo(42);
          assertThat(group.getMembersList()).hasSize(11);
          assertThat(group.getMembers(10).getDiskId()).isEqualTo("disk-10");
          tc.completeNow();
        })));
  }

  @Test
  void aStatusErrorArrivesWithItsMessage(VertxTestContext tc) {
    UnaryCall.call(client, SocketAddress.inetSocketAddress(port, "127.0.0.1"), PlacementServiceGrpcClient.GetGroup,
            GetGroupRequest.newBuilder().setGroupId(7).build(), 5000)
        .onComplete(ar -> tc.verify(() -> {
          assertThat(ar.failed()).isTrue();
          assertThat(RpcException.is(ar.cause(), GrpcStatus.NOT_FOUND)).as(String.valueOf(ar.cause())).isTrue();
          assertThat(((RpcException) ar.cause()).detail()).isEqualTo("no group 7");
          tc.completeNow();
        }));
  }

  @Test
  void bidiHeartbeatStreamAcksEveryReportInOrder(VertxTestContext tc) {
    HeartbeatServiceGrpcClient hb = HeartbeatServiceGrpcClient.create(client, SocketAddress.inetSocketAddress(port, "127.0.0.1"));
    List<Long> acks = new ArrayList<>();
    hb.beat((WriteStream<NodeReport> out, Throwable err) -> {
      for (int i = 1; i <= 5; i++) {
        out.write(NodeReport.newBuilder().setNodeId("n1").setSequence(i).build());
      }
      out.end();
    }).onComplete(tc.succeeding(replies -> {
      replies.handler(r -> {
        acks.add(r.getAckSequence());
        tc.verify(() -> assertThat(r.getClusterId()).isEqualTo("c-n1"));
      });
      replies.endHandler(v -> tc.verify(() -> {
        assertThat(acks).containsExactly(1L, 2L, 3L, 4L, 5L);
        tc.completeNow();
      }));
    }));
  }

  @Test
  void plainHttpOnTheSamePortReachesTheRouter(Vertx vertx, VertxTestContext tc) {
    WebClient.create(vertx).get(port, "127.0.0.1", "/health").send()
        .onComplete(tc.succeeding(resp -> tc.verify(() -> {
          assertThat(resp.statusCode()).isEqualTo(200);
          assertThat(resp.bodyAsString()).contains("UP");
          tc.completeNow();
        })));
  }
}
