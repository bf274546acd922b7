package io.kdss.meta.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the embedded store's MVStore file in the current layout, migrating a file of an earlier
 * layout first.
 *
 * <p>Layouts: 1 (no mark; every map on H2's ObjectDataType, index keys and documents Java-
 * serialized, index keys ordered by their serialized bytes) and 2 (index and data maps typed, see
 * {@link MetaMaps}; map {@value #LAYOUT_MAP} holds {@code version -> 2}). The map name has no
 * '.', so no MongoDB database's drop (which removes maps named {@code <db>.*}) can take it.
 *
 * <p>Migration from 1: every map is copied into {@code <file>.migrating} with the new types, the
 * mark is written, the copy is synced, the old file is kept as {@code <file>.v1} (a hard link, or
 * a copy where links are not possible), then the copy is renamed over the file. A crash at any
 * point leaves {@code <file>} a complete store (the old or the new); a leftover
 * {@code .migrating} is deleted and the migration redone at the next start.
 */
public final class MetaFile {

  private static final Logger LOG = LoggerFactory.getLogger(MetaFile.class);

  static final String LAYOUT_MAP = "kdss-layout";
  static final String VERSION_KEY = "version";
  public static final int LAYOUT_VERSION = 2;
  private static final int COMMIT_EVERY = 10_000;

  private MetaFile() {
  }

  /** The store in {@code file}, in layout {@value #LAYOUT_VERSION}; creates an empty one if absent. */
  public static MVStore open(Path file, int keysPerPage) {
    Path temp = sibling(file, ".migrating");
    try {
      if (Files.deleteIfExists(temp)) {
        LOG.atWarn().addKeyValue("file", temp).log("removed an unfinished metadata store migration; redoing it");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + temp, e);
    }
    int version = 0;
    boolean holdsData = false;
    if (Files.isRegularFile(file) && size(file) > 0) {
      // Read-only first: a file of an earlier layout stays byte for byte what its writer left.
      MVStore existing = new MVStore.Builder().fileName(file.toString()).readOnly().open();
      try {
        version = layoutVersion(existing);
        holdsData = !existing.getMapNames().isEmpty();
      } finally {
        existing.close();
      }
    }
    if (version > LAYOUT_VERSION) {
      throw new IllegalStateException("metadata store " + file + " has layout " + version
          + ", newer than this KDSS understands (" + LAYOUT_VERSION + "): run a newer KDSS");
    }
    if (version < LAYOUT_VERSION && holdsData) {
      migrate(file, temp, keysPerPage);
    }
    MVStore store = openFile(file, keysPerPage);
    if (version < LAYOUT_VERSION && !holdsData) {
      markLayout(store);
      store.commit();
    }
    return store;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The layout of an open store: 1 when unmarked. */
  static int layoutVersion(MVStore store) {
    if (!store.hasMap(LAYOUT_MAP)) {
      return 1;
    }
    MVMap<String, Object> mark = store.openMap(LAYOUT_MAP);
    Object version = mark.get(VERSION_KEY);
    return version instanceof Number n ? n.intValue() : 1;
  }

  private static void markLayout(MVStore store) {
    store.<String, Object>openMap(LAYOUT_MAP).put(VERSION_KEY, LAYOUT_VERSION);
  }

  private static MVStore openFile(Path file, int keysPerPage) {
    return new MVStore.Builder().fileName(file.toString()).keysPerPage(keysPerPage).open();
  }

  private static void migrate(Path file, Path temp, int keysPerPage) {
    long start = System.nanoTime();
    long[] counts = new long[3];
    MVStore source = new MVStore.Builder().fileName(file.toString()).readOnly().open();
    try {
      MVStore target = openFile(temp, keysPerPage);
      try {
        for (String name : source.getMapNames()) {
          copy(source, target, name, counts);
        }
        markLayout(target);
        target.commit();
      } finally {
        target.close();
      }
    } catch (RuntimeException e) {
      deleteQuietly(temp);
      throw new IllegalStateException("metadata store " + file + ": migration to layout " + LAYOUT_VERSION
          + " failed; the file is unchanged", e);
    } finally {
      source.close();
    }
    Path backup = swap(file, temp);
    LOG.atInfo().addKeyValue("file", file).addKeyValue("maps", counts[0]).addKeyValue("documents", counts[1])
        .addKeyValue("indexEntries", counts[2]).addKeyValue("ms", (System.nanoTime() - start) / 1_000_000)
        .addKeyValue("previous", backup).log("metadata store migrated to layout " + LAYOUT_VERSION);
  }

  private static void copy(MVStore source, MVStore target, String name, long[] counts) {
    MVMap<Object, Object> from = source.openMap(name);
    MVMap<Object, Object> to = target.openMap(name, MetaMaps.typesFor(name));
    MetaMaps.Kind kind = MetaMaps.kind(name);
    long n = 0;
    for (Map.Entry<Object, Object> e : from.entrySet()) {
      Object clash = to.putIfAbsent(e.getKey(), e.getValue());
      if (clash != null) {
        throw new IllegalStateException("map " + name + ": key " + e.getKey()
            + " equals another key under the new order; please report this");
      }
      if (++n % COMMIT_EVERY == 0) {
        target.commit();
        if (n % (COMMIT_EVERY * 10) == 0) {
          LOG.atInfo().addKeyValue("map", name).addKeyValue("copied", n).addKeyValue("of", from.sizeAsLong())
              .log("migrating the metadata store");
        }
      }
    }
    counts[0]++;
    switch (kind) {
      case DATA -> counts[1] += n;
      case INDEX -> counts[2] += n;
      case OTHER -> { }
    }
  }

  /** Keeps {@code file} as a backup and puts {@code temp} in its place atomically; returns the backup. */
  private static Path swap(Path file, Path temp) {
    try {
      sync(temp);
      Path backup = backupName(file);
      try {
        Files.createLink(backup, file);
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(file, backup, StandardCopyOption.REPLACE_EXISTING);
        sync(backup);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDir(file.toAbsolutePath().getParent());
      return backup;
    } catch (IOException e) {
      throw new UncheckedIOException("metadata store " + file + ": cannot swap in the migrated file "
          + temp + " (the original is unchanged)", e);
    }
  }

  /** {@code <file>.v1}, or {@code <file>.v1.<n>} when an unrelated one exists (never overwrites a backup). */
  private static Path backupName(Path file) throws IOException {
    Path backup = sibling(file, ".v1");
    for (int i = 2; Files.exists(backup); i++) {
      if (Files.isSameFile(backup, file)) {
        Files.delete(backup);
        break;
      }
      backup = sibling(file, ".v1." + i);
    }
    return backup;
  }

  private static Path sibling(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  private static void sync(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  private static void syncDir(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      LOG.atDebug().addKeyValue("dir", dir).log("directory sync not supported");
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.atWarn().addKeyValue("file", path).log("cannot delete " + path);
    }
  }
}
