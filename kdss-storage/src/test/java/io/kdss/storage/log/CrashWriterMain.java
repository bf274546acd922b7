package io.kdss.storage.log;

import io.kdss.storage.TestDisks;
import io.kdss.storage.disk.ShardKey;
import io.kdss.storage.disk.SuperBlock;
import io.kdss.storage.format.DiskFormatter;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

/**
 * The writer process of the kill -9 test: opens the disk, writes shards of round {@code round}
 * as fast as it can with many in flight, and prints {@code ACK stripe} for each acknowledged
 * one. Payloads are {@link TestDisks#payload} of (round, stripe), so the test knows every
 * byte without being told. Runs until killed.
 */
public final class CrashWriterMain {

  private CrashWriterMain() {
  }

  public static void main(String[] args) throws Exception {
    Path device = Path.of(args[0]);
    Path index = Path.of(args[1]);
    long round = Long.parseLong(args[2]);
    SuperBlock sb = DiskFormatter.inspect(device).kdss();
    DiskLog log = TestDisks.open(device, index, sb, TestDisks.smallOptions());
    System.out.println("READY");
    System.out.flush();
    Semaphore inFlight = new Semaphore(16);
    for (long i = 0; ; i++) {
      long stripe = round * 1_000_000 + i;
      byte[] p = TestDisks.payload(round, stripe, 0, size(round, stripe));
      inFlight.acquire();
      log.put(new ShardKey(stripe, 0), TestDisks.segment(p), TestDisks.crc(p)).whenComplete((loc, err) -> {
        if (err == null) {
          synchronized (System.out) {
            System.out.println("ACK " + stripe);
            System.out.flush();
          }
        }
        inFlight.release();
      });
    }
  }

  /** Shard sizes from one block to 200 KiB, fixed per (round, stripe). */
  static int size(long round, long stripe) {
    return 1 + (int) (Math.floorMod(stripe * 2654435761L + round, 200 * 1024));
  }
}
