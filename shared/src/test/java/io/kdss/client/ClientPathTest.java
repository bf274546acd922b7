package io.kdss.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.proto.EcScheme;
import io.kdss.proto.Stripe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The write and read paths of the client library (buffering, EC with the real codec, quorum,
 * retries, degraded and hedged reads, backpressure) over an in-memory shard store with faults.
 */
class ClientPathTest {

  private static final EcScheme RS_4_2 = EcScheme.newBuilder().setK(4).setM(2).build();
  private static final int SHARD = 4096;

  private Vertx vertx;
  private InMemoryShards store;
  private FixedPlacement placement;
  private KdssClient client;
  private SimpleMeterRegistry registry;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    store = new InMemoryShards(vertx);
    placement = new FixedPlacement(RS_4_2, 3);
    registry = new SimpleMeterRegistry();
    client = new KdssClient(vertx, new ClientOptions().setShardSize(SHARD).setHedgeAfterMs(200)
        .setShardTimeoutMs(2000), placement, store, registry);
  }

  @AfterEach
  void tearDown() throws Exception {
    await(client.close());
    await(vertx.close());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 4095, 4 * SHARD - 1, 4 * SHARD, 4 * SHARD + 1, 10 * 4 * SHARD + 777})
  void bytesRoundTripWholeAndInRanges(int size) throws Exception {
    byte[] data = random(size, size);
    List<Stripe> stripes = write(data);
    assertThat(stripes.stream().mapToLong(Stripe::getLength).sum()).isEqualTo(size);
    assertThat(read(stripes, 0, size)).isEqualTo(data);
    Random r = new Random(size);
    for (int i = 0; i < 10 && size > 0; i++) {
      int from = r.nextInt(size);
      int len = r.nextInt(size - from) + 1;
      assertThat(read(stripes, from, len)).as("range %d+%d", from, len)
          .isEqualTo(java.util.Arrays.copyOfRange(data, from, from + len));
    }
  }

  @Test
  void holesReadAsZerosAndRunsStartAtTheirDataOffset() throws Exception {
    byte[] data = random(6, 4 * SHARD);
    Stripe whole = write(data).get(0);
    // File layout: [0, 1000) hole, [1000, 1500) = stripe bytes [7000, 7500), then a hole to 3000.
    Stripe run = whole.toBuilder().setOffset(1000).setLength(500).setDataOffset(7000).build();
    byte[] expected = new byte[3000];
    System.arraycopy(data, 7000, expected, 1000, 500);
    assertThat(read(List.of(run), 0, 3000)).isEqualTo(expected);
    assertThat(read(List.of(run), 1200, 100)).isEqualTo(java.util.Arrays.copyOfRange(data, 7200, 7300));
    assertThat(read(List.of(), 0, 5)).isEqualTo(new byte[5]);
  }

  @Test
  void stripeIdsKeepComingPastOneReservedBlock() throws Exception {
    StripeIds ids = new StripeIds(placement);
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (int i = 0; i < 3 * StripeIds.BLOCK + 7; i++) {
      assertThat(seen.add(await(ids.next()))).isTrue();
    }
  }

  @Test
  void readsSurviveMLostShardsPerStripeAndReportThem() throws Exception {
    byte[] data = random(7, 5 * 4 * SHARD + 123);
    List<Stripe> stripes = write(data);
    for (Stripe s : stripes) {
      String g = String.valueOf(s.getGroupId());
      store.shards.remove(InMemoryShards.key(g + "-0", s.getStripeId(), 0));
      store.shards.remove(InMemoryShards.key(g + "-2", s.getStripeId(), 2));
    }
    assertThat(read(stripes, 0, data.length)).isEqualTo(data);
    assertThat(registry.counter("kdss.client.reads.degraded").count()).isGreaterThanOrEqualTo(stripes.size());
    assertThat(placement.badShards).hasSizeGreaterThanOrEqualTo(2 * stripes.size());
  }

  @Test
  void aCorruptShardIsNeverReturnedAndIsReadAround() throws Exception {
    byte[] data = random(8, 4 * SHARD);
    List<Stripe> stripes = write(data);
    Stripe s = stripes.get(0);
    byte[] shard = store.shards.get(InMemoryShards.key(s.getGroupId() + "-1", s.getStripeId(), 1));
    shard[100] ^= 0x40;
    assertThat(read(stripes, 0, data.length)).isEqualTo(data);
    assertThat(placement.badShards).contains(s.getGroupId() + "-1/" + s.getStripeId() + "/1");
  }

  @Test
  void moreThanMLostShardsFailTheReadInsteadOfReturningWrongBytes() throws Exception {
    byte[] data = random(9, 4 * SHARD);
    List<Stripe> stripes = write(data);
    Stripe s = stripes.get(0);
    for (int i = 0; i < 3; i++) {
      store.shards.remove(InMemoryShards.key(s.getGroupId() + "-" + i, s.getStripeId(), i));
    }
    assertThatThrownBy(() -> read(stripes, 0, data.length)).hasCauseInstanceOf(StripeUnreadableException.class);
  }

  @Test
  void aSlowDiskIsReadAroundWithParity() throws Exception {
    byte[] data = random(10, 4 * SHARD);
    List<Stripe> stripes = write(data);
    store.slowDisksMs.put(stripes.get(0).getGroupId() + "-1", 1500L);
    long start = System.nanoTime();
    assertThat(read(stripes, 0, data.length)).isEqualTo(data);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1500);
    assertThat(registry.counter("kdss.client.reads.hedged").count()).isEqualTo(1.0);
  }

  @Test
  void oneFailingDiskStillMeetsTheWriteQuorum() throws Exception {
    store.failingDisks.add("1-5");
    byte[] data = random(11, 2 * 4 * SHARD);
    List<Stripe> stripes = write(data);
    assertThat(stripes).allMatch(s -> s.getGroupId() == 1);
    assertThat(placement.badShards).hasSize(2);
    store.failingDisks.clear();
    assertThat(read(stripes, 0, data.length)).isEqualTo(data);
  }

  @Test
  void aGroupMissingItsQuorumIsAbandonedAndTheStripeGoesElsewhere() throws Exception {
    store.failingDisks.addAll(List.of("1-0", "1-1"));
    byte[] data = random(12, 4 * SHARD);
    List<Stripe> stripes = write(data);
    assertThat(stripes).hasSize(1);
    assertThat(stripes.get(0).getGroupId()).isEqualTo(2);
    assertThat(placement.abandoned).hasSize(1);
    assertThat(read(stripes, 0, data.length)).isEqualTo(data);
  }

  @Test
  void whenEveryGroupFailsTheWriteFailsAndWrittenStripesAreAbandoned() throws Exception {
    for (int g = 1; g <= 3; g++) {
      store.failingDisks.addAll(List.of(g + "-0", g + "-1"));
    }
    assertThatThrownBy(() -> write(random(13, 3 * 4 * SHARD))).hasCauseInstanceOf(WriteQuorumException.class);
    assertThat(placement.abandoned).isNotEmpty();
    assertThat(registry.counter("kdss.client.stripes.quorum.missed").count()).isGreaterThan(0);
  }

  @Test
  void pipingABigUploadKeepsMemoryAndConcurrencyBounded() throws Exception {
    store.putDelayMs = 2;
    long total = 64L * 4 * SHARD + 5;
    GeneratedStream source = new GeneratedStream(vertx.getOrCreateContext(), 42, total, 1500);
    long[] peak = {0};
    long timer = vertx.setPeriodic(1, t -> peak[0] = Math.max(peak[0], client.budget().used()));
    ObjectWriter writer = client.writer(RS_4_2, 0);
    await(source.pipeTo(writer));
    ObjectWriter.WriteResult result = await(writer.result());
    vertx.cancelTimer(timer);
    assertThat(result.bytes()).isEqualTo(total);
    long perStripe = 6L * SHARD;
    assertThat(peak[0]).isLessThanOrEqualTo(ClientOptions.DEFAULT_STRIPES_IN_FLIGHT * perStripe);
    assertThat(store.maxPutsInFlight.get()).isLessThanOrEqualTo(ClientOptions.DEFAULT_STRIPES_IN_FLIGHT * 6);
    assertThat(client.budget().used()).isZero();
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(read(result.stripes(), 0, total));
    assertThat(crc.getValue()).isEqualTo(source.crc.getValue());
  }

  @Test
  void abortAbandonsWhatWasWritten() throws Exception {
    ObjectWriter writer = client.writer(RS_4_2, 0);
    await(writer.write(Buffer.buffer(random(14, 3 * 4 * SHARD))));
    Thread.sleep(200);
    await(writer.abort());
    assertThatThrownBy(() -> await(writer.result())).hasMessageContaining("aborted");
    assertThat(placement.abandoned).hasSize(3);
    assertThat(client.budget().used()).isZero();
  }

  @Test
  void theMemoryBudgetMakesStreamsWaitTheirTurn() throws Exception {
    KdssClient small = new KdssClient(vertx, new ClientOptions().setShardSize(SHARD).setMemoryBudget(6L * SHARD),
        placement, store, registry);
    store.putDelayMs = 5;
    List<Future<ObjectWriter.WriteResult>> results = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      GeneratedStream src = new GeneratedStream(vertx.getOrCreateContext(), i, 8L * 4 * SHARD, 4000);
      ObjectWriter w = small.writer(RS_4_2, 0);
      src.pipeTo(w);
      results.add(w.result());
    }
    long[] peak = {0};
    long timer = vertx.setPeriodic(1, t -> peak[0] = Math.max(peak[0], small.budget().used()));
    await(Future.all(results));
    vertx.cancelTimer(timer);
    assertThat(peak[0]).isLessThanOrEqualTo(6L * SHARD);
    for (Future<ObjectWriter.WriteResult> r : results) {
      assertThat(r.result().bytes()).isEqualTo(8L * 4 * SHARD);
    }
    await(small.close());
  }

  @Test
  void aMemberTheTransportCannotAddressDegradesTheReadAndTheWrite() throws Exception {
    store.throwingDisks.add("1-2");
    byte[] data = random(15, 4 * SHARD);
    List<Stripe> stripes = write(data);
    assertThat(stripes.get(0).getGroupId()).as("5 of 6 shards still meet the quorum").isEqualTo(1);
    store.throwingDisks.clear();
    store.throwingDisks.add("1-0");
    assertThat(read(stripes, 0, data.length)).isEqualTo(data);
    assertThat(registry.counter("kdss.client.reads.degraded").count()).isPositive();
  }

  @Test
  void aPutStillQueuedAfterItsStripeCompletedSendsIntactBytes() throws Exception {
    KdssClient quick = new KdssClient(vertx, new ClientOptions().setShardSize(SHARD).setShardTimeoutMs(200),
        placement, store, registry);
    store.lateReadDisks.add("1-5");
    store.slowDisksMs.put("1-5", 700L);
    ObjectWriter writer = quick.writer(RS_4_2, 0);
    writer.write(Buffer.buffer(random(16, 4 * SHARD)));
    writer.end();
    Stripe s = await(writer.result()).stripes().get(0);
    assertThat(store.shards).doesNotContainKey(InMemoryShards.key("1-5", s.getStripeId(), 5));
    for (int i = 0; i < 4 * 16 && store.putsInFlight.get() > 0; i++) {
      // Other stripes' memory reuses the pool while the late put waits.
      ObjectWriter other = quick.writer(RS_4_2, 0);
      other.write(Buffer.buffer(new byte[4 * SHARD]));
      other.end();
      Thread.sleep(20);
    }
    byte[] late = store.shards.get(InMemoryShards.key("1-5", s.getStripeId(), 5));
    assertThat(late).as("the late put still had the stripe's parity, with its CRC").isNotNull();
    await(quick.close());
  }

  @Test
  void aWriterWaitingForMemoryPausesItsSource() throws Exception {
    KdssClient small = new KdssClient(vertx, new ClientOptions().setShardSize(SHARD).setMemoryBudget(6L * SHARD),
        placement, store, registry);
    await(small.budget().acquire(6L * SHARD));
    ObjectWriter writer = small.writer(RS_4_2, 0);
    boolean[] drained = {false};
    io.vertx.core.Promise<Boolean> fullWhileWaiting = io.vertx.core.Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      writer.drainHandler(x -> drained[0] = true);
      writer.write(Buffer.buffer(new byte[4 * SHARD]));
      vertx.setTimer(50, t -> fullWhileWaiting.complete(writer.writeQueueFull()));
    });
    assertThat(await(fullWhileWaiting.future())).as("bytes beyond the budget must not pile up").isTrue();
    small.budget().release(6L * SHARD);
    for (int i = 0; i < 100 && !drained[0]; i++) {
      Thread.sleep(10);
    }
    assertThat(drained[0]).as("the source resumes once memory is granted").isTrue();
    await(writer.end());
    await(small.close());
  }

  @Test
  void aSmallObjectTakesOnlyItsOwnSizeFromTheBudget() throws Exception {
    KdssClient small = new KdssClient(vertx, new ClientOptions().setShardSize(SHARD).setMemoryBudget(6L * SHARD),
        placement, store, registry);
    await(small.budget().acquire(6L * SHARD - 1000));
    byte[] data = random(17, 400);
    ObjectWriter writer = small.writer(RS_4_2, 0);
    writer.write(Buffer.buffer(data));
    writer.end();
    List<Stripe> stripes = await(writer.result()).stripes();
    assertThat(stripes).hasSize(1);
    assertThat(stripes.get(0).getLength()).isEqualTo(400);
    assertThat(read(stripes, 0, 400)).isEqualTo(data);
    assertThat(small.budget().used()).as("only the held bytes remain").isEqualTo(6L * SHARD - 1000);
    small.budget().release(6L * SHARD - 1000);
    await(small.close());
  }

  @Test
  void optionsThatCannotWorkAreRefusedAtConstruction() {
    assertThatThrownBy(() -> new KdssClient(vertx, new ClientOptions().setShardSize(32 << 20), placement, store, registry))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shardSize");
    KdssClient big = new KdssClient(vertx, new ClientOptions().setShardSize(8 << 20), placement, store, registry);
    assertThatThrownBy(() -> big.writer(EcScheme.newBuilder().setK(12).setM(4).build(), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower client.shardSize");
    assertThat(big.writer(EcScheme.newBuilder().setK(8).setM(3).build(), 0)).isNotNull();
  }

  @Test
  void aHugeHoleStreamsWithoutBuildingItUpFront() throws Exception {
    long hole = 1L << 50;
    long[] seen = {0};
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      ObjectReader r = client.reader(List.of(), 0, hole);
      r.handler(b -> {
        seen[0] += b.length();
        if (seen[0] >= (8L << 20)) {
          r.pause();
          done.tryComplete();
        }
      });
      r.exceptionHandler(done::tryFail);
    });
    await(done.future());
    assertThat(seen[0]).isBetween(8L << 20, 16L << 20);
  }

  private List<Stripe> write(byte[] data) throws Exception {
    ObjectWriter writer = client.writer(RS_4_2, 0);
    int chunk = 3000;
    for (int at = 0; at < data.length; at += chunk) {
      writer.write(Buffer.buffer(java.util.Arrays.copyOfRange(data, at, Math.min(data.length, at + chunk))));
    }
    writer.end();
    return await(writer.result()).stripes();
  }

  /** Reads on an event loop, as the gateway does (streams are not thread-safe). */
  private byte[] read(List<Stripe> stripes, long offset, long length) throws Exception {
    io.vertx.core.Promise<Buffer> all = io.vertx.core.Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> client.reader(stripes, offset, length)
        .collect(java.util.stream.Collector.of(Buffer::buffer, Buffer::appendBuffer, Buffer::appendBuffer))
        .onComplete(all));
    return await(all.future()).getBytes();
  }

  private static byte[] random(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e;
    }
  }
}
