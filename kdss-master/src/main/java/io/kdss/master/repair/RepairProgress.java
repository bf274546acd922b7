package io.kdss.master.repair;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;

/**
 * What repair has done, for metrics and the cluster status: shards rebuilt, copied or found
 * already in place, per task kind; stripes given up; and the recent rate (shards per second
 * over the last minute), from which the estimated time to full redundancy is derived.
 */
final class RepairProgress {

  static final long WINDOW_MS = 60_000;

  private final MeterRegistry registry;
  private final Map<RepairTask.Kind, Counter> decoded = new EnumMap<>(RepairTask.Kind.class);
  private final Map<RepairTask.Kind, Counter> copied = new EnumMap<>(RepairTask.Kind.class);
  private final Counter present;
  private final Counter inPlace;
  private final Counter unrepairable;
  private final Counter tasksDone;
  private final Deque<long[]> samples = new ArrayDeque<>();
  private long total;

  RepairProgress(MeterRegistry r) {
    this.registry = r;
    for (RepairTask.Kind k : RepairTask.Kind.values()) {
      decoded.put(k, counter("decoded", k.name()));
      copied.put(k, counter("copied", k.name()));
    }
    present = counter("present", "ANY");
    inPlace = counter("decoded", "BAD_SHARD");
    unrepairable = Counter.builder("kdss.master.repair.unrepairable")
        .description("Stripes with fewer than k readable shards left (data at risk)").register(r);
    tasksDone = Counter.builder("kdss.master.repair.tasks.finished").register(r);
  }

  private Counter counter(String how, String kind) {
    return Counter.builder("kdss.master.repair.shards").description("Shards rebuilt or moved by repair orders")
        .tag("how", how).tag("kind", kind).register(registry);
  }

  void shard(RepairTask.Kind kind, boolean alreadyPresent, boolean wasCopied) {
    (alreadyPresent ? present : wasCopied ? copied.get(kind) : decoded.get(kind)).increment();
    total++;
  }

  void badShardRebuilt() {
    inPlace.increment();
    total++;
  }

  void unrepairable() {
    unrepairable.increment();
  }

  void taskFinished(RepairTask.Kind kind) {
    tasksDone.increment();
  }

  /** Shards per second over the last minute (call once per tick). */
  double rate() {
    long now = System.currentTimeMillis();
    samples.addLast(new long[] {now, total});
    while (samples.size() > 2 && samples.peekFirst()[0] < now - WINDOW_MS) {
      samples.pollFirst();
    }
    long[] first = samples.peekFirst();
    long ms = now - first[0];
    return ms <= 0 ? 0 : (total - first[1]) * 1000.0 / ms;
  }
}
