package io.kdss.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rounds of {@code bench/run storage}: per workload, KDSS and the fio jobs it is compared
 * with run back to back, alternating which goes first, {@code rounds} times; then one RESULT
 * line with medians, spreads and CPU per GiB. The random-read rounds read the shards the last
 * append round stored (fio reads do not disturb them), so that append round runs last.
 */
final class StorageRounds {

  private static final int MIB = 1 << 20;
  /** fio's buffers in huge pages (SysV shared memory with SHM_HUGETLB; {@link HugePages} reserves them). */
  private static final String HUGE = "--mem=shmhuge";

  /** What to run. */
  record Settings(int seconds, int rounds, int depth, List<String> ops, boolean fio) {
  }

  private final String dev;
  private final Path dir;
  private final Settings s;

  StorageRounds(String dev, Path dir, Settings s) {
    this.dev = dev;
    this.dir = dir;
    this.s = s;
  }

  void run() throws Exception {
    warmUp();
    EngineLoad filled = null;
    try {
      if (s.ops().contains("append") || s.ops().contains("randread")) {
        filled = appends();
      }
      if (s.ops().contains("randread")) {
        reads(filled);
      }
    } finally {
      if (filled != null) {
        filled.close();
      }
    }
    if (s.ops().contains("write4k")) {
      smallWrites();
    }
  }

  /**
   * One unmeasured KDSS run of each write size first, so the JIT has compiled the engine's hot
   * paths before any measured round: a node runs for months, and compiling them is not part
   * of what an append costs (fio, native code, has no such phase). Without it the first
   * rounds' CPU per GiB included a C2 compiler thread busy for seconds.
   */
  private void warmUp() throws Exception {
    progress("kdss warm-up (JIT), not measured", -1);
    try (EngineLoad e = EngineLoad.format(Path.of(dev), dir)) {
      e.writes(MIB, s.depth(), s.seconds());
    }
    if (s.ops().contains("write4k")) {
      try (EngineLoad e = EngineLoad.format(Path.of(dev), dir)) {
        e.writes(4096, s.depth(), 1);
      }
    }
  }

  /** Returns the engine of the last round, open, with its shards (for the read rounds). */
  private EngineLoad appends() throws Exception {
    Side kdss = new Side();
    Side fio = new Side();
    Side fioHuge = new Side();
    Side fioSync = new Side();
    Side fioDsync = new Side();
    EngineLoad last = null;
    for (int r = 0; r < s.rounds(); r++) {
      boolean fioFirst = (s.rounds() - 1 - r) % 2 == 0;
      if (fioFirst) {
        appendFio(fio, fioHuge, fioSync, fioDsync);
      }
      progress("kdss 1 MiB appends", r);
      EngineLoad e = EngineLoad.format(Path.of(dev), dir);
      kdss.add(e.writes(MIB, s.depth(), s.seconds()));
      if (r == s.rounds() - 1) {
        last = e;
      } else {
        e.close();
      }
      if (!fioFirst) {
        appendFio(fio, fioHuge, fioSync, fioDsync);
      }
    }
    if (s.ops().contains("append")) {
      double k = kdss.mbps.median();
      Results.print("storage", line("append", "1MiB", kdss, fio, "mbps",
          "fio_hugepage_mbps", fioHuge.mbps.median(), "ratio_vs_hugepage", k / fioHuge.mbps.median(),
          "fio_fdatasync16_mbps", fioSync.mbps.median(), "ratio_vs_fdatasync16", k / fioSync.mbps.median(),
          "fio_dsync_mbps", fioDsync.mbps.median(), "ratio_vs_dsync", k / fioDsync.mbps.median()));
    }
    return last;
  }

  /**
   * fio's sequential 1 MiB writes: as the issue states them (malloc'd buffers), then with
   * huge-page buffers like KDSS's, plain, with an fdatasync every 16 writes (KDSS's largest
   * group commit) and with O_DSYNC: the last two are durable like a KDSS append.
   */
  private void appendFio(Side plain, Side huge, Side synced, Side dsync) throws Exception {
    progress("fio 1 MiB writes (plain; huge pages: plain, fdatasync every 16, O_DSYNC)", -1);
    plain.add(fio(dev, "write", "1M", s.depth(), s.seconds()));
    huge.add(fio(dev, "write", "1M", s.depth(), s.seconds(), HUGE));
    synced.add(fio(dev, "write", "1M", s.depth(), s.seconds(), HUGE, "--fdatasync=16"));
    dsync.add(fio(dev, "write", "1M", s.depth(), s.seconds(), HUGE, "--sync=dsync"));
  }

  private void reads(EngineLoad filled) throws Exception {
    Side kdss = new Side();
    Side fio = new Side();
    Side fioHuge = new Side();
    for (int r = 0; r < s.rounds(); r++) {
      progress("random 1 MiB reads, fio (plain, huge pages) and kdss", r);
      if (r % 2 == 0) {
        fio.add(fio(dev, "randread", "1M", s.depth(), s.seconds()));
        fioHuge.add(fio(dev, "randread", "1M", s.depth(), s.seconds(), HUGE));
      }
      kdss.add(filled.reads(s.depth(), s.seconds()));
      if (r % 2 == 1) {
        fio.add(fio(dev, "randread", "1M", s.depth(), s.seconds()));
        fioHuge.add(fio(dev, "randread", "1M", s.depth(), s.seconds(), HUGE));
      }
    }
    Results.print("storage", line("randread", "1MiB", kdss, fio, "mbps", "fio_hugepage_mbps", fioHuge.mbps.median(),
        "ratio_vs_hugepage", kdss.mbps.median() / fioHuge.mbps.median()));
  }

  private void smallWrites() throws Exception {
    Side kdss = new Side();
    Side fio = new Side();
    Side fioDsync = new Side();
    for (int r = 0; r < s.rounds(); r++) {
      progress("4 KiB writes, fio (plain, O_DSYNC) and kdss", r);
      if (r % 2 == 0) {
        fio.add(fio(dev, "write", "4k", s.depth(), s.seconds()));
        fioDsync.add(fio(dev, "write", "4k", s.depth(), s.seconds(), "--sync=dsync"));
      }
      try (EngineLoad e = EngineLoad.format(Path.of(dev), dir)) {
        kdss.add(e.writes(4096, s.depth(), s.seconds()));
      }
      if (r % 2 == 1) {
        fio.add(fio(dev, "write", "4k", s.depth(), s.seconds()));
        fioDsync.add(fio(dev, "write", "4k", s.depth(), s.seconds(), "--sync=dsync"));
      }
    }
    Results.print("storage", line("write", "4KiB", kdss, fio, "ops",
        "kdss_cpu_us_per_op", kdss.cpu.median() * 4096 / (1L << 30) * 1e6,
        "fio_dsync_ops", fioDsync.iops.median(), "ratio_vs_dsync", kdss.iops.median() / fioDsync.iops.median()));
  }

  /** op, bs, depth, rounds, then kdss and fio medians (min, max), ratio, CPU per GiB, extras, load. */
  private Object[] line(String op, String bs, Side kdss, Side fio, String unit, Object... extra) {
    List<Object> kv = new ArrayList<>(List.of("op", op, "bs", bs, "depth", s.depth(), "rounds", s.rounds()));
    Samples k = unit.equals("ops") ? kdss.iops : kdss.mbps;
    Samples f = unit.equals("ops") ? fio.iops : fio.mbps;
    kv.addAll(List.of("kdss_" + unit, k.median(), "kdss_min", k.min(), "kdss_max", k.max(),
        "fio_" + unit, f.median(), "fio_min", f.min(), "fio_max", f.max(), "ratio", k.median() / f.median()));
    if (unit.equals("ops")) {
      kv.addAll(List.of("kdss_mbps", kdss.mbps.median(), "fio_mbps", fio.mbps.median()));
    }
    kv.addAll(List.of(extra));
    kv.addAll(List.of("kdss_cpu_s_per_gib", kdss.cpu.median(), "fio_cpu_s_per_gib", fio.cpu.median(),
        "load1", ProcessCpu.loadAverage()));
    return kv.toArray();
  }

  /** A fio run, or nothing when fio is switched off (--fio=false: profiling KDSS alone). */
  private Throughput fio(String device, String rw, String bs, int depth, int seconds, String... extra) throws Exception {
    return s.fio() ? FioRun.run(device, rw, bs, depth, seconds, extra) : null;
  }

  private void progress(String what, int round) {
    System.err.printf("bench storage: %s%s (load %.1f)%n", what,
        round < 0 ? "" : ", round " + (round + 1) + " of " + s.rounds(), ProcessCpu.loadAverage());
  }

  /** The samples of one side of a comparison. */
  private static final class Side {
    final Samples mbps = new Samples();
    final Samples iops = new Samples();
    final Samples cpu = new Samples();

    void add(Throughput t) {
      if (t == null) {
        return;
      }
      System.err.printf("bench storage:   %.1f MiB/s, %.0f op/s, %.3f CPU s/GiB%n", t.mbps(), t.iops(), t.cpuSecPerGib());
      mbps.add(t.mbps());
      iops.add(t.iops());
      cpu.add(t.cpuSecPerGib());
    }
  }
}
