package io.kdss.bench;

import io.kdss.auth.CredentialsFile;
import io.kdss.proto.Stripe;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.ResponsePublisher;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * {@code bench/run s3}: the S3 gateway under the AWS SDK v2 async client against a
 * `kdss dev`-shaped node this suite starts as a child JVM (six file-backed disks, EC 4+2, on
 * free ports, in {@code --dir}): PUT and GET MB/s of 64 MiB and 1 GiB objects, a 1 GiB
 * multipart upload with 8 parts in flight, 4 KiB PUT and GET ops/s at concurrency 16, with
 * p50/p99 latency and errors. Beside each figure, in the same line: what fio measures on the
 * same filesystem (sequential 1 MiB writes/reads, 4 KiB fdatasync writes) and the node's CPU
 * seconds per GiB moved. Client and node share the machine's cores.
 */
final class S3Suite implements BenchSuite {

  static final long MIB = 1L << 20;

  private S3Node node;
  private S3AsyncClient s3;
  private DirectLoad direct;
  private FioBaseline.Figures fio;
  private final ByteBuffer pattern = randomPattern(8 * MIB);

  @Override
  public String name() {
    return "s3";
  }

  @Override
  public String description() {
    return "S3 gateway PUT/GET MB/s and 4 KiB ops/s (AWS SDK v2 async) vs fio on the same disks, CPU s/GiB";
  }

  @Override
  public void run(BenchArgs args) throws Exception {
    boolean quick = args.quick();
    Path dir = Files.createTempDirectory(Path.of(args.get("dir", System.getProperty("java.io.tmpdir"))), "kdss-bench-s3-");
    boolean keep = args.flag("keep");
    try {
      System.err.println("s3: fio baseline on " + dir + " ...");
      fio = FioBaseline.measure(dir, quick ? "32M" : "256M");
      System.err.println("s3: starting the node (master, storage with 6 disks, gateway) ...");
      node = S3Node.start(dir, 6, args.get("disk-size", "16GiB"), args.get("node-jvm-opts", ""));
      s3 = client(node, CredentialsFile.read(dir.resolve("credentials")).orElseThrow());
      s3.createBucket(b -> b.bucket("bench")).join();
      if (!args.get("direct", "true").equals("false")) {
        direct = new DirectLoad(node.masterPort, pattern);
      }
      warmUp(quick);
      String only = args.get("only", "large,multipart,small");
      if (only.contains("large")) {
        large("64MiB", 64 * MIB, quick ? 4 : 16, 4);
        large(quick ? "256MiB" : "1GiB", quick ? 256 * MIB : 1024 * MIB, quick ? 1 : 2, 1);
      }
      if (only.contains("multipart")) {
        multipart(quick ? 256 * MIB : 1024 * MIB, quick ? 16 * MIB : 64 * MIB, 8);
      }
      if (only.contains("small")) {
        small(args.integer("small-count", quick ? 200 : 3000), 16);
      }
    } finally {
      if (direct != null) {
        direct.close();
      }
      if (s3 != null) {
        s3.close();
      }
      if (node != null) {
        node.close();
      }
      if (keep) {
        System.err.println("s3: kept " + dir);
        return;
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  static S3AsyncClient client(S3Node node, CredentialsFile creds) {
    return S3AsyncClient.builder().endpointOverride(URI.create(node.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(creds.accessKeyId(),
            creds.secretAccessKey())))
        .forcePathStyle(true).requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .httpClient(NettyNioAsyncHttpClient.builder().maxConcurrency(64).readTimeout(Duration.ofMinutes(2))
            .writeTimeout(Duration.ofMinutes(2)).build())
        .build();
  }

  /** Unmeasured traffic first, so the node's JIT compilation is not billed to the first phase. */
  private void warmUp(boolean quick) throws Exception {
    System.err.println("s3: warming up ...");
    int n = quick ? 4 : 16;
    S3Load.run("warm-up PUT", n, 4, i -> s3.putObject(b -> b.bucket("bench").key("warm/" + i), new PatternBody(pattern, 16 * MIB))
        .thenApply(r -> 16 * MIB));
    S3Load.run("warm-up GET", n, 4, i -> read("bench", "warm/" + i));
    byte[] small = new byte[4096];
    S3Load.run("warm-up small PUT", n * 100, 16, i -> s3.putObject(b -> b.bucket("bench").key("warm/s" + i), AsyncRequestBody.fromBytes(small))
        .thenApply(r -> 4096L));
    S3Load.run("warm-up small GET", n * 100, 16, i -> read("bench", "warm/s" + i));
  }

  private void large(String label, long size, int count, int concurrency) throws Exception {
    System.err.printf("s3: %d x %s PUT then GET, %d in flight ...%n", count, label, concurrency);
    Phase p = new Phase();
    S3Load.Stats put = S3Load.run("PUT " + label, count, concurrency, i -> s3.putObject(b -> b.bucket("bench").key(label + "/" + i),
        new PatternBody(pattern, size)).thenApply(r -> size));
    report("put", label, concurrency, put, p, fio == null ? null : fio.writeMbps());
    p = new Phase();
    S3Load.Stats get = S3Load.run("GET " + label, count, concurrency, i -> read("bench", label + "/" + i));
    report("get", label, concurrency, get, p, fio == null ? null : fio.readMbps());
    for (int i = 0; i < count; i++) {
      int n = i;
      s3.deleteObject(b -> b.bucket("bench").key(label + "/" + n)).join();
    }
    if (direct != null) {
      direct(label, size, count, concurrency);
    }
  }

  /** The same objects through the client library alone, from this JVM: what the S3 phases cost without the gateway. */
  private void direct(String label, long size, int count, int concurrency) throws Exception {
    System.err.printf("s3: %d x %s through the client library (no gateway), %d in flight ...%n", count, label, concurrency);
    List<List<Stripe>> written = new ArrayList<>(java.util.Collections.nCopies(count, null));
    Phase p = new Phase();
    S3Load.Stats put = S3Load.run("direct PUT " + label, count, concurrency, i -> direct.put(size).thenApply(st -> {
      written.set(i, st);
      return size;
    }));
    report("direct_put", label, concurrency, put, p, fio == null ? null : fio.writeMbps());
    p = new Phase();
    S3Load.Stats get = S3Load.run("direct GET " + label, count, concurrency, i -> written.get(i) == null
        ? CompletableFuture.failedFuture(new IllegalStateException("object " + i + " was not written"))
        : direct.get(written.get(i), size));
    report("direct_get", label, concurrency, get, p, fio == null ? null : fio.readMbps());
  }

  /** CPU the node and this JVM (the load generator) have used since a phase began. */
  private final class Phase {
    final double nodeCpu = node.cpuSeconds();
    final double selfCpu = ProcessCpu.seconds();
    final Map<String, Long> jit = node.compilerTicks();
  }

  private void multipart(long size, long partSize, int inFlight) throws Exception {
    int parts = (int) (size / partSize);
    String label = (size / MIB) + "MiB";
    System.err.printf("s3: multipart upload of %s in %d parts, %d in flight ...%n", label, parts, inFlight);
    Phase p = new Phase();
    long start = System.nanoTime();
    String id = s3.createMultipartUpload(b -> b.bucket("bench").key("multipart")).join().uploadId();
    CompletedPart[] done = new CompletedPart[parts];
    S3Load.Stats load = S3Load.run("multipart parts", parts, inFlight, i -> s3.uploadPart(b -> b.bucket("bench").key("multipart")
            .uploadId(id).partNumber(i + 1), new PatternBody(pattern, partSize))
        .thenApply(r -> {
          done[i] = CompletedPart.builder().partNumber(i + 1).eTag(r.eTag()).build();
          return partSize;
        }));
    int errors = load.errors();
    String firstError = load.firstError();
    if (errors == 0) {
      try {
        s3.completeMultipartUpload(b -> b.bucket("bench").key("multipart").uploadId(id)
            .multipartUpload(u -> u.parts(done))).join();
      } catch (RuntimeException e) {
        errors++;
        firstError = e.getMessage();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    S3Load.Stats whole = new S3Load.Stats(1, load.bytes(), seconds, load.p50Ms(), load.p99Ms(), errors, firstError);
    report("multipart_put", label, inFlight, whole, p, fio == null ? null : fio.writeMbps());
    s3.deleteObject(b -> b.bucket("bench").key("multipart")).join();
  }

  private void small(int count, int concurrency) throws Exception {
    System.err.printf("s3: %d x 4KiB PUT then GET, %d in flight ...%n", count, concurrency);
    byte[] body = new byte[4096];
    new Random(7).nextBytes(body);
    double cpu = node.cpuSeconds();
    S3Load.Stats put = S3Load.run("PUT 4KiB", count, concurrency, i -> s3.putObject(b -> b.bucket("bench").key("small/" + i),
        AsyncRequestBody.fromBytes(body)).thenApply(r -> (long) body.length));
    reportOps("put", put, concurrency, node.cpuSeconds() - cpu);
    cpu = node.cpuSeconds();
    S3Load.Stats get = S3Load.run("GET 4KiB", count, concurrency, i -> read("bench", "small/" + i));
    reportOps("get", get, concurrency, node.cpuSeconds() - cpu);
  }

  /** A GET whose body is counted and dropped as it arrives. */
  private CompletableFuture<Long> read(String bucket, String key) {
    return s3.getObject(b -> b.bucket(bucket).key(key), AsyncResponseTransformer.<GetObjectResponse>toPublisher())
        .thenCompose(S3Suite::drain);
  }

  static CompletableFuture<Long> drain(ResponsePublisher<GetObjectResponse> body) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    AtomicLong n = new AtomicLong();
    body.subscribe(new Subscriber<ByteBuffer>() {
      @Override
      public void onSubscribe(Subscription s) {
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ByteBuffer b) {
        n.addAndGet(b.remaining());
        S3Load.STREAMED.addAndGet(b.remaining());
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onComplete() {
        done.complete(n.get());
      }
    });
    return done;
  }

  /** {@code jitSeconds}: the part of {@code cpuSeconds} the JIT compiler threads used (warm-up still going on). */
  /**
   * One large-object line: node CPU (gateway, master, storage: one JVM), its JIT share, and the
   * load generator's CPU (the AWS SDK for S3 phases, the client library for direct ones).
   */
  private void report(String op, String size, int concurrency, S3Load.Stats s, Phase p, Double fioMbps) {
    double gib = s.bytes() / (double) (1L << 30);
    double nodeCpu = node.cpuSeconds() - p.nodeCpu;
    double selfCpu = ProcessCpu.seconds() - p.selfCpu;
    double jit = node.compilerSecondsSince(p.jit);
    List<Object> kv = new ArrayList<>(List.of("op", op, "size", size, "concurrency", concurrency, "mbps", s.mbps(),
        "p50_ms", s.p50Ms(), "p99_ms", s.p99Ms(), "errors", s.errors(),
        "node_cpu_s_per_gib", gib == 0 ? 0.0 : nodeCpu / gib,
        "node_jit_s_per_gib", gib == 0 ? 0.0 : jit / gib,
        "loadgen_cpu_s_per_gib", gib == 0 ? 0.0 : selfCpu / gib));
    if (fioMbps != null) {
      kv.addAll(List.of("fio_" + (op.endsWith("get") ? "read" : "write") + "_mbps", fioMbps));
    }
    Results.print("s3", kv.toArray());
    warnErrors(s);
  }

  private void reportOps(String op, S3Load.Stats s, int concurrency, double cpuSeconds) {
    List<Object> kv = new ArrayList<>(List.of("op", op, "size", "4KiB", "concurrency", concurrency,
        "ops_per_s", s.opsPerSecond(), "p50_ms", s.p50Ms(), "p99_ms", s.p99Ms(), "errors", s.errors(),
        "node_cpu_ms_per_op", s.ops() == 0 ? 0.0 : cpuSeconds * 1000 / s.ops()));
    if (fio != null && op.equals("put")) {
      kv.addAll(List.of("fio_4k_fdatasync_iops", fio.syncWriteIops()));
    }
    Results.print("s3", kv.toArray());
    warnErrors(s);
  }

  private static void warnErrors(S3Load.Stats s) {
    if (s.errors() > 0) {
      System.err.println("s3: " + s.errors() + " errors, first: " + s.firstError());
    }
  }

  private static ByteBuffer randomPattern(long bytes) {
    byte[] b = new byte[(int) bytes];
    new Random(42).nextBytes(b);
    return ByteBuffer.wrap(b);
  }
}
