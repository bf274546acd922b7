package io.kdss.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import io.kdss.shard.ShardClient;
import io.kdss.shard.ShardClientOptions;
import io.kdss.shard.ShardFrame;
import io.kdss.shard.ShardFrameParser;
import io.kdss.shard.ShardOp;
import io.kdss.shard.ShardStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import java.net.ServerSocket;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The data-plane protocol choice, measured on loopback without disks (servers answer from
 * memory): KDSS's binary protocol through {@link ShardClient}, gRPC (vertx-grpc, a protobuf
 * bytes message per shard) and a raw one-way TCP stream as the ceiling; 1 MiB shards, puts and gets.
 */
final class ShardNetSuite implements BenchSuite {

  private static final int MIB = 1 << 20;
  private static final ServiceName SERVICE = ServiceName.create("kdss.bench", "Shards");

  @Override
  public String name() {
    return "shardnet";
  }

  @Override
  public String description() {
    return "data-plane protocol on loopback, 1MiB shards: binary TCP (ShardClient) vs gRPC vs raw TCP";
  }

  @Override
  public void run(BenchArgs args) throws Exception {
    int seconds = args.integer("seconds", args.quick() ? 2 : 5);
    int depth = args.integer("depth", 32);
    byte[] bytes = new byte[MIB];
    new Random(3).nextBytes(bytes);
    Buffer payload = Buffer.buffer(bytes);
    int crc = ShardFrame.crc32c(payload);
    Vertx server = Vertx.vertx();
    Vertx client = Vertx.vertx();
    try {
      int tcp = freePort();
      int grpcPort = freePort();
      int raw = freePort();
      await(binaryServer(server, tcp, payload, crc));
      await(grpcServer(server, grpcPort, bytes));
      await(server.createNetServer(new NetServerOptions().setPort(raw).setHost("127.0.0.1"))
          .connectHandler(s -> s.handler(b -> { })).listen());
      ShardClient shards = ShardClient.create(client, new ShardClientOptions());
      String node = "127.0.0.1:" + tcp;
      UUID disk = UUID.randomUUID();
      GrpcClient grpc = GrpcClient.client(client, new io.vertx.grpc.client.GrpcClientOptions().setMaxMessageSize(32 * MIB));
      SocketAddress grpcAddr = SocketAddress.inetSocketAddress(grpcPort, "127.0.0.1");
      BytesValue message = BytesValue.of(ByteString.copyFrom(bytes));
      double tcpPut = measure(seconds, depth, () -> shards.put(node, disk, 1, 0, payload));
      double grpcPut = measure(seconds, depth, () -> unary(grpc, grpcAddr, "Put", message));
      double tcpGet = measure(seconds, depth, () -> shards.get(node, disk, 1, 0));
      double grpcGet = measure(seconds, depth, () -> unary(grpc, grpcAddr, "Get", BytesValue.getDefaultInstance()));
      double rawMbps = rawStream(client, raw, payload, seconds);
      Results.print("shardnet", "op", "put", "bs", "1MiB", "depth", depth, "tcp_mbps", tcpPut, "grpc_mbps", grpcPut,
          "raw_tcp_mbps", rawMbps, "tcp_vs_raw", tcpPut / rawMbps);
      Results.print("shardnet", "op", "get", "bs", "1MiB", "depth", depth, "tcp_mbps", tcpGet, "grpc_mbps", grpcGet,
          "raw_tcp_mbps", rawMbps, "tcp_vs_raw", tcpGet / rawMbps);
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static Future<?> binaryServer(Vertx vertx, int port, Buffer payload, int crc) {
    return vertx.createNetServer(new NetServerOptions().setPort(port).setHost("127.0.0.1").setTcpNoDelay(true))
        .connectHandler(s -> s.handler(new ShardFrameParser(f -> {
          ShardFrame reply = f.op() == ShardOp.GET ? f.reply(ShardStatus.OK, crc, payload)
              : f.reply(ShardStatus.OK, ShardFrame.crc32c(f.body()), null);
          s.write(reply.encodeHeader());
          if (reply.body() != null) {
            s.write(reply.body());
          }
        }, e -> s.close()))).listen();
  }

  private static Future<?> grpcServer(Vertx vertx, int port, byte[] bytes) {
    GrpcServer grpc = GrpcServer.server(vertx, new io.vertx.grpc.server.GrpcServerOptions().setMaxMessageSize(32 * MIB));
    BytesValue stored = BytesValue.of(ByteString.copyFrom(bytes));
    for (String name : new String[] {"Put", "Get"}) {
      ServiceMethod<BytesValue, BytesValue> m = ServiceMethod.server(SERVICE, name, GrpcMessageEncoder.encoder(),
          GrpcMessageDecoder.decoder(BytesValue.getDefaultInstance()));
      grpc.callHandler(m, req -> req.handler(msg -> req.response().end(
          name.equals("Get") ? stored : BytesValue.getDefaultInstance())));
    }
    return vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1").setTcpNoDelay(true))
        .requestHandler(grpc).listen();
  }

  private static Future<BytesValue> unary(GrpcClient client, SocketAddress addr, String name, BytesValue msg) {
    ServiceMethod<BytesValue, BytesValue> m = ServiceMethod.client(SERVICE, name, GrpcMessageEncoder.encoder(),
        GrpcMessageDecoder.decoder(BytesValue.getDefaultInstance()));
    return client.request(addr, m).compose(req -> {
      req.end(msg);
      return req.response().compose(r -> r.last());
    });
  }

  /** MiB/s of 1 MiB operations with {@code depth} in flight, after one second of warm-up. */
  private static double measure(int seconds, int depth, Supplier<Future<?>> op) throws Exception {
    Semaphore inFlight = new Semaphore(depth);
    AtomicLong done = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    long end = warm + TimeUnit.SECONDS.toNanos(seconds);
    long start = 0;
    long startCount = 0;
    while (System.nanoTime() < end && failure.get() == null) {
      if (start == 0 && System.nanoTime() >= warm) {
        start = System.nanoTime();
        startCount = done.get();
      }
      inFlight.acquire();
      op.get().onComplete(ar -> {
        if (ar.failed()) {
          failure.compareAndSet(null, ar.cause());
        }
        done.incrementAndGet();
        inFlight.release();
      });
    }
    inFlight.acquire(depth);
    if (failure.get() != null) {
      throw new IllegalStateException("benchmark operation failed", failure.get());
    }
    return (done.get() - startCount) / ((System.nanoTime() - start) / 1e9);
  }

  /** One-way TCP stream of 1 MiB buffers with write-queue backpressure: the loopback ceiling. */
  private static double rawStream(Vertx vertx, int port, Buffer payload, int seconds) throws Exception {
    NetSocket s = await(vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true)).connect(port, "127.0.0.1"));
    AtomicLong sent = new AtomicLong();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    Semaphore done = new Semaphore(0);
    vertx.runOnContext(v -> pump(vertx, s, payload, sent, end, done));
    long start = System.nanoTime();
    done.acquire();
    double mbps = sent.get() / (double) MIB / ((System.nanoTime() - start) / 1e9);
    s.close();
    return mbps;
  }

  private static void pump(Vertx vertx, NetSocket s, Buffer payload, AtomicLong sent, long end, Semaphore done) {
    while (!s.writeQueueFull()) {
      if (System.nanoTime() >= end) {
        done.release();
        return;
      }
      s.write(payload);
      sent.addAndGet(payload.length());
    }
    s.drainHandler(v -> pump(vertx, s, payload, sent, end, done));
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
