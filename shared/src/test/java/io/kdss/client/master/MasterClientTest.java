package io.kdss.client.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.proto.AppendStripesRequest;
import io.kdss.proto.Entry;
import io.kdss.proto.GetAttrRequest;
import io.kdss.proto.NamespaceServiceGrpcService;
import io.kdss.rpc.RpcException;
import io.kdss.rpc.RpcHttpServer;
import io.kdss.testing.TestPorts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The master client against real gRPC servers that misbehave: one accepts calls and never
 * answers; a second master answers everything. Deadlines must fire, and only calls whose
 * outcome cannot be doubled may move on to the next master.
 */
class MasterClientTest {

  Vertx vertx;
  int silentPort;
  int healthyPort;
  final AtomicInteger silentCalls = new AtomicInteger();
  final AtomicInteger healthyAppends = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    silentPort = TestPorts.free();
    healthyPort = TestPorts.free();
    GrpcServer silent = GrpcServer.server(vertx);
    new NamespaceServiceGrpcService() {
      @Override
      public Future<Entry> getAttr(GetAttrRequest r) {
        silentCalls.incrementAndGet();
        return Promise.<Entry>promise().future();
      }

      @Override
      public Future<Entry> appendStripes(AppendStripesRequest r) {
        silentCalls.incrementAndGet();
        return Promise.<Entry>promise().future();
      }
    }.bind(silent);
    GrpcServer healthy = GrpcServer.server(vertx);
    new NamespaceServiceGrpcService() {
      @Override
      public Future<Entry> getAttr(GetAttrRequest r) {
        return Future.succeededFuture(Entry.newBuilder().setId(r.getId()).build());
      }

      @Override
      public Future<Entry> appendStripes(AppendStripesRequest r) {
        healthyAppends.incrementAndGet();
        return Future.succeededFuture(Entry.newBuilder().setId(r.getId()).build());
      }
    }.bind(healthy);
    await(RpcHttpServer.listen(vertx, "127.0.0.1", silentPort, silent, Router.router(vertx)));
    await(RpcHttpServer.listen(vertx, "127.0.0.1", healthyPort, healthy, Router.router(vertx)));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  MasterClient client(int... ports) {
    List<String> masters = java.util.Arrays.stream(ports).mapToObj(p -> "127.0.0.1:" + p).toList();
    return MasterClient.create(vertx, new MasterClientOptions().setMasters(masters).setCallTimeoutMs(300)
        .setFailoverDeadlineMs(1200).setRoundBackoffMs(50));
  }

  @Test
  void aMasterThatNeverAnswersFailsTheCallAtItsDeadline() throws Exception {
    MasterClient client = client(silentPort);
    long start = System.nanoTime();
    Throwable failure = failure(client.getAttr(7));
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(failure).isInstanceOf(RpcException.class);
    assertThat(((RpcException) failure).status()).isEqualTo(GrpcStatus.DEADLINE_EXCEEDED);
    assertThat(tookMs).as("bounded by the failover deadline").isLessThan(5000);
    assertThat(silentCalls.get()).as("a read is retried until the failover deadline").isGreaterThan(1);
  }

  @Test
  void aReadMovesOnToTheNextMasterAfterADeadline() throws Exception {
    MasterClient client = client(silentPort, healthyPort);
    assertThat(await(client.getAttr(9)).getId()).isEqualTo(9);
  }

  @Test
  void aMutationWithoutAnAnswerIsNotSentAgain() throws Exception {
    MasterClient client = client(silentPort, healthyPort);
    Throwable failure = failure(client.appendStripes(AppendStripesRequest.newBuilder().setId(3).build()));
    assertThat(((RpcException) failure).status()).isEqualTo(GrpcStatus.DEADLINE_EXCEEDED);
    assertThat(silentCalls.get()).isEqualTo(1);
    assertThat(healthyAppends.get()).as("the first master may have applied it: never applied twice").isZero();
  }

  @Test
  void aMutationMovesOnWhenTheMasterCannotBeReached() throws Exception {
    int closed = TestPorts.free();
    MasterClient client = client(closed, healthyPort);
    assertThat(await(client.appendStripes(AppendStripesRequest.newBuilder().setId(4).build())).getId()).isEqualTo(4);
    assertThat(healthyAppends.get()).isEqualTo(1);
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static Throwable failure(Future<?> f) throws Exception {
    try {
      await(f);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the call succeeded");
  }
}
