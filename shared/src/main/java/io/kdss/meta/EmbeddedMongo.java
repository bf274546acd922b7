package io.kdss.meta;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.KdssH2Database;
import de.bwaldvogel.mongo.bson.Document;
import io.kdss.meta.embedded.MetaFile;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded metadata store: an in-process MongoDB-wire-compatible server
 * (mongo-java-server) on loopback, persisted in one H2 MVStore file under the data dir.
 * Clients reach it through the same vertx-mongo-client code that production points at a
 * replica set. It speaks wire version 8 (MongoDB 4.2 level): no multi-document
 * transactions, no change streams; KDSS metadata updates are single-document atomic.
 *
 * <p>Index keys and documents are stored with typed MVStore maps (BSON, value-ordered keys; see
 * {@link io.kdss.meta.embedded.MetaMaps}) instead of H2's Java serialization; files of the earlier
 * layout are migrated once when opened ({@link MetaFile}).
 */
public final class EmbeddedMongo implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);

  /**
   * Keys per B-tree page of the MVStore (H2's default is 48). Every commit serializes each
   * changed page whole (documents and index keys) and its ancestors,
   * so a commit costs about pageKeys x depth serializations per changed leaf: 16 keys per page
   * halves that for the collections KDSS keeps (a few levels deeper, still cached). It is a
   * runtime setting, not part of the file: stores written with other page sizes open as before.
   * Pages are not compressed either (LZF on every commit cost about 5 % of a small-object
   * workload's CPU for little: metadata files stay small); H2 reads compressed pages of files
   * written before regardless.
   */
  static final int KEYS_PER_PAGE = 16;

  private final MongoServer server;
  private final H2Backend backend;
  private final String connectionString;

  private EmbeddedMongo(MongoServer server, H2Backend backend, String connectionString) {
    this.server = server;
    this.backend = backend;
    this.connectionString = connectionString;
  }

  /**
   * Starts the server on 127.0.0.1:{@code port} (0 = a free port) with its file in {@code dir};
   * {@code dir == null} keeps everything in memory (unit tests).
   */
  public static EmbeddedMongo start(Path dir, int port) {
    H2Backend backend;
    if (dir == null) {
      backend = new CommittingH2Backend(null);
    } else {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create metadata dir " + dir, e);
      }
      backend = new CommittingH2Backend(MetaFile.open(dir.resolve("kdss-meta.mv"), KEYS_PER_PAGE));
    }
    MongoServer server = new MongoServer(backend);
    try {
      server.bind("127.0.0.1", port);
    } catch (RuntimeException e) {
      backend.close();
      throw new IllegalStateException("embedded metadata store cannot listen on 127.0.0.1:" + port
          + " (is another KDSS running? set mongo.embeddedPort)", e);
    }
    String uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
    LOG.atInfo().addKeyValue("uri", uri).addKeyValue("file", dir == null ? "memory" : dir)
        .log("embedded metadata store up");
    return new EmbeddedMongo(server, backend, uri);
  }

  public String connectionString() {
    return connectionString;
  }

  @Override
  public void close() {
    server.shutdownNow();
    backend.close();
  }

  /**
   * Answers a write command only once an MVStore commit covers it, so an acknowledged metadata
   * write survives a crash of the process (the default autocommit waits up to a second). Commits
   * are grouped: a write counts itself once applied, then either a commit that started after
   * that already covers it or it commits everything applied so far itself; writers arriving
   * while a commit runs share the next one. Under concurrent writes (S3 PUTs) this spends one
   * page serialization on many writes instead of one each.
   */
  private static final class CommittingH2Backend extends H2Backend {

    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify",
        "createindexes", "drop", "dropindexes", "dropdatabase", "renamecollection", "create");

    private final AtomicLong applied = new AtomicLong();
    private final ReentrantLock committing = new ReentrantLock();
    private volatile long committed;

    CommittingH2Backend(org.h2.mvstore.MVStore store) {
      super(store == null ? org.h2.mvstore.MVStore.open(null) : store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
      return new KdssH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    /** Returns once a commit includes every write applied before this call. */
    private void commitCovering() {
      long mine = applied.incrementAndGet();
      committing.lock();
      try {
        if (committed >= mine) {
          return;
        }
        long upTo = applied.get();
        commit();
        committed = upTo;
      } finally {
        committing.unlock();
      }
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
      Document result = super.handleCommand(channel, database, command, query);
      if (WRITES.contains(command.toLowerCase(java.util.Locale.ROOT)) && !isInMemory()) {
        commitCovering();
      }
      return result;
    }
  }
}
