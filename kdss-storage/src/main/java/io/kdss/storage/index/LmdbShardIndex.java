package io.kdss.storage.index;

import io.kdss.storage.disk.ShardKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.KeyRange;
import org.lmdbjava.Txn;

/**
 * {@link ShardIndex} in LMDB (lmdbjava), one environment per disk under the index dir.
 *
 * <pre>
 * db "shards":   key stripeId u64 BE | shardIndex u32 BE (12 bytes, so key order = stripe order)
 *                value {@link ShardLocation} (36 bytes)
 * db "segments": key segment u32 BE -> {@link SegmentStats} (28 bytes)
 * db "meta":     "diskId" -> UTF-8, "checkpoint" -> {@link IndexCheckpoint}, "compaction" -> {@link CompactionRecord}
 * </pre>
 *
 * <p>Opened with MDB_NOSYNC: a commit survives a process crash at once (the pages are in the
 * kernel); {@link #sync()} makes it survive a machine crash. The log is the truth, so an
 * index behind the log is caught up by replay from its checkpoint.
 */
public final class LmdbShardIndex implements ShardIndex {

  private static final ByteBuffer KEY_DISK_ID = constant("diskId");
  private static final ByteBuffer KEY_CHECKPOINT = constant("checkpoint");
  private static final ByteBuffer KEY_COMPACTION = constant("compaction");
  private static final ThreadLocal<ByteBuffer> KEY_BUF = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(12));

  /** Read transactions kept for reuse (each holds one of the environment's reader slots). */
  private static final int MAX_POOLED_READERS = 64;

  private final Env<ByteBuffer> env;
  private final ConcurrentLinkedQueue<Txn<ByteBuffer>> readers = new ConcurrentLinkedQueue<>();
  private final AtomicInteger readerCount = new AtomicInteger();
  private final Dbi<ByteBuffer> shards;
  private final Dbi<ByteBuffer> segmentsDb;
  private final Dbi<ByteBuffer> meta;

  private LmdbShardIndex(Env<ByteBuffer> env) {
    this.env = env;
    this.shards = env.openDbi("shards", DbiFlags.MDB_CREATE);
    this.segmentsDb = env.openDbi("segments", DbiFlags.MDB_CREATE);
    this.meta = env.openDbi("meta", DbiFlags.MDB_CREATE);
  }

  /** Opens (creating) the index in {@code dir}; {@code mapBytes} bounds its size (sparse). */
  public static LmdbShardIndex open(Path dir, long mapBytes) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create index dir " + dir, e);
    }
    Env<ByteBuffer> env = Env.create().setMapSize(mapBytes).setMaxDbs(4).setMaxReaders(512)
        .open(dir.toFile(), EnvFlags.MDB_NOSYNC, EnvFlags.MDB_NOTLS);
    return new LmdbShardIndex(env);
  }

  @Override
  public String diskId() {
    try (Txn<ByteBuffer> txn = env.txnRead()) {
      ByteBuffer v = meta.get(txn, KEY_DISK_ID.duplicate());
      return v == null ? null : StandardCharsets.UTF_8.decode(v).toString();
    }
  }

  @Override
  public ShardLocation get(ShardKey key) {
    Txn<ByteBuffer> txn = reader();
    try {
      ByteBuffer v = shards.get(txn, key(key));
      return v == null ? null : ShardLocation.read(v);
    } finally {
      giveBack(txn);
    }
  }

  /**
   * A read transaction from the pool, renewed (a snapshot of now): creating one per lookup
   * cost more than the lookup. With MDB_NOTLS a reset transaction keeps its reader slot and
   * may be renewed on any thread.
   */
  private Txn<ByteBuffer> reader() {
    Txn<ByteBuffer> txn = readers.poll();
    if (txn == null) {
      return env.txnRead();
    }
    readerCount.decrementAndGet();
    txn.renew();
    return txn;
  }

  private void giveBack(Txn<ByteBuffer> txn) {
    txn.reset();
    if (readerCount.get() >= MAX_POOLED_READERS || env.isClosed()) {
      txn.close();
      return;
    }
    readerCount.incrementAndGet();
    readers.add(txn);
  }

  @Override
  public List<Map.Entry<ShardKey, ShardLocation>> range(long fromStripe, long toStripe, int limit) {
    List<Map.Entry<ShardKey, ShardLocation>> out = new ArrayList<>();
    ByteBuffer from = ByteBuffer.allocateDirect(12).putLong(fromStripe).putInt(0).flip();
    try (Txn<ByteBuffer> txn = env.txnRead();
         CursorIterable<ByteBuffer> it = shards.iterate(txn, KeyRange.atLeast(from))) {
      for (CursorIterable.KeyVal<ByteBuffer> kv : it) {
        ByteBuffer k = kv.key();
        long stripe = k.getLong(0);
        if (Long.compareUnsigned(stripe, toStripe) >= 0 || out.size() >= limit) {
          break;
        }
        out.add(Map.entry(new ShardKey(stripe, k.getInt(8)), ShardLocation.read(kv.val())));
      }
    }
    return out;
  }

  @Override
  public void forEach(java.util.function.BiConsumer<ShardKey, ShardLocation> visitor) {
    try (Txn<ByteBuffer> txn = env.txnRead(); CursorIterable<ByteBuffer> it = shards.iterate(txn)) {
      for (CursorIterable.KeyVal<ByteBuffer> kv : it) {
        ByteBuffer k = kv.key();
        visitor.accept(new ShardKey(k.getLong(0), k.getInt(8)), ShardLocation.read(kv.val()));
      }
    }
  }

  @Override
  public Map<Integer, SegmentStats> segments() {
    Map<Integer, SegmentStats> out = new TreeMap<>();
    try (Txn<ByteBuffer> txn = env.txnRead(); CursorIterable<ByteBuffer> it = segmentsDb.iterate(txn)) {
      for (CursorIterable.KeyVal<ByteBuffer> kv : it) {
        out.put(kv.key().getInt(0), SegmentStats.read(kv.val()));
      }
    }
    return out;
  }

  @Override
  public IndexCheckpoint checkpoint() {
    try (Txn<ByteBuffer> txn = env.txnRead()) {
      ByteBuffer v = meta.get(txn, KEY_CHECKPOINT.duplicate());
      return v == null ? null : IndexCheckpoint.read(v);
    }
  }

  @Override
  public CompactionRecord compaction() {
    try (Txn<ByteBuffer> txn = env.txnRead()) {
      ByteBuffer v = meta.get(txn, KEY_COMPACTION.duplicate());
      return v == null ? null : CompactionRecord.read(v);
    }
  }

  @Override
  public long shardCount() {
    try (Txn<ByteBuffer> txn = env.txnRead()) {
      return shards.stat(txn).entries;
    }
  }

  @Override
  public void apply(IndexBatch batch) {
    try (Txn<ByteBuffer> txn = env.txnWrite()) {
      ByteBuffer val = ByteBuffer.allocateDirect(ShardLocation.BYTES);
      for (Map.Entry<ShardKey, Optional<ShardLocation>> e : batch.shards().entrySet()) {
        ByteBuffer k = key(e.getKey());
        if (e.getValue().isPresent()) {
          val.clear();
          e.getValue().get().write(val);
          shards.put(txn, k, val.flip());
        } else {
          shards.delete(txn, k);
        }
      }
      ByteBuffer segKey = ByteBuffer.allocateDirect(4);
      ByteBuffer segVal = ByteBuffer.allocateDirect(SegmentStats.BYTES);
      for (Map.Entry<Integer, SegmentStats> e : batch.segments().entrySet()) {
        segKey.clear().putInt(e.getKey()).flip();
        segVal.clear();
        e.getValue().write(segVal);
        segmentsDb.put(txn, segKey, segVal.flip());
      }
      if (batch.checkpoint() != null) {
        ByteBuffer cp = ByteBuffer.allocateDirect(IndexCheckpoint.BYTES);
        batch.checkpoint().write(cp);
        meta.put(txn, KEY_CHECKPOINT.duplicate(), cp.flip());
      }
      if (batch.compaction() != null) {
        if (batch.compaction().isPresent()) {
          ByteBuffer c = ByteBuffer.allocateDirect(CompactionRecord.BYTES);
          batch.compaction().get().write(c);
          meta.put(txn, KEY_COMPACTION.duplicate(), c.flip());
        } else {
          meta.delete(txn, KEY_COMPACTION.duplicate());
        }
      }
      txn.commit();
    }
  }

  @Override
  public void sync() {
    env.sync(true);
  }

  @Override
  public void reset(String diskId) {
    try (Txn<ByteBuffer> txn = env.txnWrite()) {
      shards.drop(txn);
      segmentsDb.drop(txn);
      meta.drop(txn);
      byte[] id = diskId.getBytes(StandardCharsets.UTF_8);
      meta.put(txn, KEY_DISK_ID.duplicate(), ByteBuffer.allocateDirect(id.length).put(id).flip());
      txn.commit();
    }
    env.sync(true);
  }

  @Override
  public void close() {
    if (!env.isClosed()) {
      Txn<ByteBuffer> txn;
      while ((txn = readers.poll()) != null) {
        txn.close();
      }
      env.sync(true);
      env.close();
    }
  }

  private static ByteBuffer key(ShardKey k) {
    ByteBuffer b = KEY_BUF.get();
    b.clear();
    return b.putLong(k.stripeId()).putInt(k.shardIndex()).flip();
  }

  private static ByteBuffer constant(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocateDirect(b.length).put(b).flip();
  }
}
