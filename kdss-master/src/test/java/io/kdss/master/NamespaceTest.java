package io.kdss.master;

import static io.kdss.master.MasterCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.client.master.MasterClient;
import io.kdss.client.master.NamespaceErrno;
import io.kdss.proto.BeginWriteRequest;
import io.kdss.proto.CommitWriteRequest;
import io.kdss.proto.CreateRequest;
import io.kdss.proto.Entry;
import io.kdss.proto.EntryType;
import io.kdss.proto.KeyEntry;
import io.kdss.proto.ListKeysReply;
import io.kdss.proto.ListKeysRequest;
import io.kdss.proto.ReaddirReply;
import io.kdss.proto.ReaddirRequest;
import io.kdss.proto.RemoveRequest;
import io.kdss.proto.RenameRequest;
import io.kdss.proto.SetAttrRequest;
import io.kdss.proto.WriteHandle;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The namespace through gRPC on two masters sharing one store (calls spread over both). */
class NamespaceTest {

  static MasterCluster cluster;
  static MasterClient one;
  static MasterClient two;

  @BeforeAll
  static void start() throws Exception {
    cluster = new MasterCluster(2, Map.of());
    one = cluster.clientOf(0);
    two = cluster.clientOf(1);
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  private static long bucket(String name) throws Exception {
    return await(one.mkdir(1, name)).getId();
  }

  private static NamespaceErrno errno(Future<?> f) throws Exception {
    try {
      await(f);
      return null;
    } catch (ExecutionException e) {
      return NamespaceErrno.of(e.getCause());
    }
  }

  @Test
  void concurrentCreatesOfOneNameHaveExactlyOneWinner() throws Exception {
    long dir = bucket("race");
    for (int round = 0; round < 5; round++) {
      List<Future<Entry>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        MasterClient c = i % 2 == 0 ? one : two;
        calls.add(i % 3 == 0 ? c.mkdir(dir, "n" + round) : c.create(dir, "n" + round));
      }
      Future.join(calls).toCompletionStage().toCompletableFuture().handle((x, e) -> null).get();
      long won = calls.stream().filter(Future::succeeded).count();
      assertThat(won).as("round %d", round).isEqualTo(1);
      for (Future<Entry> f : calls) {
        if (f.failed()) {
          assertThat(NamespaceErrno.of(f.cause())).isEqualTo(NamespaceErrno.EEXIST);
        }
      }
    }
  }

  @Test
  void lookupGetattrSetattrAndErrors() throws Exception {
    long dir = bucket("attrs");
    Entry f = await(one.create(CreateRequest.newBuilder().setParentId(dir).setName("f").setMode(0600).setUid(7).build()));
    assertThat(f.getType()).isEqualTo(EntryType.ENTRY_FILE);
    assertThat(await(two.lookup(dir, "f")).getId()).isEqualTo(f.getId());
    Entry changed = await(two.setAttr(SetAttrRequest.newBuilder().setId(f.getId()).setMode(0640).setSize(1000)
        .setContentType("text/plain").putUserMeta("a", "b").build()));
    assertThat(changed.getMode()).isEqualTo(0640);
    assertThat(changed.getSize()).isEqualTo(1000);
    assertThat(changed.getUserMetaMap()).containsEntry("a", "b");
    assertThat(changed.getVersion()).isGreaterThan(f.getVersion());
    assertThat(await(one.getAttr(f.getId())).getContentType()).isEqualTo("text/plain");
    assertThat(errno(one.lookup(dir, "missing"))).isEqualTo(NamespaceErrno.ENOENT);
    assertThat(errno(one.create(dir, "bad/name"))).isEqualTo(NamespaceErrno.EINVAL);
    assertThat(errno(one.create(dir, "x".repeat(256)))).isEqualTo(NamespaceErrno.ENAMETOOLONG);
    assertThat(errno(one.create(f.getId(), "under-a-file"))).isEqualTo(NamespaceErrno.ENOTDIR);
    assertThat(errno(one.rmdir(dir, "f"))).isEqualTo(NamespaceErrno.ENOTDIR);
    assertThat(errno(one.unlink(1, "attrs"))).isEqualTo(NamespaceErrno.EISDIR);
    assertThat(errno(one.rmdir(1, "attrs"))).isEqualTo(NamespaceErrno.ENOTEMPTY);
    Entry link = await(one.symlink(dir, "l", "f"));
    assertThat(link.getSymlinkTarget()).isEqualTo("f");
    assertThat(await(one.resolve("/attrs/l")).getType()).isEqualTo(EntryType.ENTRY_SYMLINK);
  }

  @Test
  void readdirPagesInNameOrder() throws Exception {
    long dir = bucket("listing");
    List<String> names = new ArrayList<>();
    List<Future<Entry>> creates = new ArrayList<>();
    for (int i = 0; i < 57; i++) {
      String n = String.format("k%03d", (i * 37) % 57);
      names.add(n);
      creates.add(one.create(dir, n));
    }
    await(Future.all(creates));
    names.sort(null);
    List<String> seen = new ArrayList<>();
    String after = "";
    int pages = 0;
    while (true) {
      ReaddirReply page = await(two.readdir(ReaddirRequest.newBuilder().setId(dir).setAfter(after).setLimit(10).build()));
      page.getEntriesList().forEach(e -> seen.add(e.getName()));
      pages++;
      if (!page.getTruncated()) {
        break;
      }
      after = page.getNextAfter();
    }
    assertThat(seen).isEqualTo(names);
    assertThat(pages).isEqualTo(6);
    ReaddirReply prefixed = await(one.readdir(ReaddirRequest.newBuilder().setId(dir).setPrefix("k01").build()));
    assertThat(prefixed.getEntriesList()).extracting(Entry::getName).containsExactly(
        "k010", "k011", "k012", "k013", "k014", "k015", "k016", "k017", "k018", "k019");
  }

  @Test
  void renamingADirectoryIsOneWriteAndCyclesAreRefused() throws Exception {
    long dir = bucket("moves");
    Entry a = await(one.mkdir(dir, "a"));
    Entry b = await(one.mkdir(a.getId(), "b"));
    Entry file = await(one.create(b.getId(), "deep"));
    Entry moved = await(two.rename(RenameRequest.newBuilder().setParentId(dir).setName("a").setNewParentId(dir)
        .setNewName("z").build()));
    assertThat(moved.getId()).isEqualTo(a.getId());
    assertThat(await(one.resolve("/moves/z/b/deep")).getId()).isEqualTo(file.getId());
    assertThat(errno(one.resolve("/moves/a"))).isEqualTo(NamespaceErrno.ENOENT);
    assertThat(errno(one.rename(RenameRequest.newBuilder().setParentId(dir).setName("z").setNewParentId(b.getId())
        .setNewName("loop").build()))).isEqualTo(NamespaceErrno.EINVAL);
    // Rename over an existing file replaces it; over a non-empty directory is refused.
    await(one.create(dir, "x"));
    Entry y = await(one.create(dir, "y"));
    Entry over = await(one.rename(RenameRequest.newBuilder().setParentId(dir).setName("y").setNewParentId(dir)
        .setNewName("x").build()));
    assertThat(over.getId()).isEqualTo(y.getId());
    assertThat(await(one.lookup(dir, "x")).getId()).isEqualTo(y.getId());
    assertThat(errno(one.rename(RenameRequest.newBuilder().setParentId(dir).setName("x").setNewParentId(dir)
        .setNewName("z").build()))).isEqualTo(NamespaceErrno.EISDIR);
    assertThat(errno(one.rename(RenameRequest.newBuilder().setParentId(dir).setName("x").setNewParentId(dir)
        .setNewName("z").setNoReplace(true).build()))).isEqualTo(NamespaceErrno.EEXIST);
  }

  @Test
  void rmdirRacingCreatesNeverLeavesAnOrphan() throws Exception {
    long dir = bucket("rmdir-race");
    for (int round = 0; round < 10; round++) {
      Entry d = await(one.mkdir(dir, "d" + round));
      Future<Entry> create = two.create(d.getId(), "child");
      Future<Entry> rmdir = one.rmdir(dir, "d" + round);
      Future.join(create, rmdir).toCompletionStage().toCompletableFuture().handle((x, e) -> null).get();
      boolean dirGone = errno(one.lookup(dir, "d" + round)) == NamespaceErrno.ENOENT;
      if (create.succeeded()) {
        assertThat(dirGone).as("round %d: the child was created, so its directory must still exist", round).isFalse();
        assertThat(NamespaceErrno.of(rmdir.cause())).isEqualTo(NamespaceErrno.ENOTEMPTY);
      } else {
        assertThat(rmdir.succeeded()).isTrue();
        assertThat(dirGone).isTrue();
      }
    }
  }

  @Test
  void objectKeysMapToPathsAndListInKeyOrder() throws Exception {
    long b = bucket("objects");
    List<String> keys = List.of("a", "a-b", "a.txt", "b/c", "b/c0/d", "b/c.x", "b0", "photos/2024/x.jpg", "photos/2024/y.jpg");
    for (String key : keys) {
      put(b, key, 10);
    }
    assertThat(errno(one.beginWrite(BeginWriteRequest.newBuilder().setParentId(b).setPath("a/b").setMakeParents(true).build())))
        .as("key a exists, so a/b cannot").isEqualTo(NamespaceErrno.ENOTDIR);
    assertThat(errno(one.beginWrite(BeginWriteRequest.newBuilder().setParentId(b).setPath("photos").build())))
        .as("photos/ has keys below it").isEqualTo(NamespaceErrno.EISDIR);
    List<String> sorted = new ArrayList<>(keys);
    sorted.sort(null);
    assertThat(listAll(b, "", 2)).isEqualTo(sorted);
    assertThat(listAll(b, "b/c", 100)).containsExactly("b/c", "b/c.x", "b/c0/d");
    ListKeysReply after = await(two.listKeys(ListKeysRequest.newBuilder().setDirId(b).setStartAfter("b/c.x").setLimit(3).build()));
    assertThat(after.getEntriesList()).extracting(KeyEntry::getKey).containsExactly("b/c0/d", "b0", "photos/2024/x.jpg");
    // Deleting the last key below implicit directories removes them.
    await(one.unlink(RemoveRequest.newBuilder().setParentId(await(one.resolve("/objects/b/c0")).getId()).setName("d")
        .setPruneImplicitParents(true).build()));
    assertThat(errno(one.resolve("/objects/b/c0"))).isEqualTo(NamespaceErrno.ENOENT);
    assertThat(await(one.resolve("/objects/b")).getImplicit()).isTrue();
  }

  @Test
  void anOverwriteIsInvisibleUntilCommittedAndAnUploadUntilItsFirstCommit() throws Exception {
    long b = bucket("puts");
    WriteHandle first = await(one.beginWrite(BeginWriteRequest.newBuilder().setParentId(b).setPath("obj").build()));
    assertThat(errno(two.lookup(b, "obj"))).as("hidden while uploading").isEqualTo(NamespaceErrno.ENOENT);
    assertThat(await(two.readdir(ReaddirRequest.newBuilder().setId(b).build())).getEntriesCount()).isZero();
    await(one.commitWrite(CommitWriteRequest.newBuilder().setId(first.getEntry().getId()).setContentId(first.getContentId())
        .setSize(5).setEtag("e1").build()));
    Entry v1 = await(two.lookup(b, "obj"));
    assertThat(v1.getEtag()).isEqualTo("e1");
    WriteHandle second = await(two.beginWrite(BeginWriteRequest.newBuilder().setParentId(b).setPath("obj").build()));
    assertThat(await(one.lookup(b, "obj")).getEtag()).as("old content visible during the upload").isEqualTo("e1");
    assertThat(errno(one.beginWrite(BeginWriteRequest.newBuilder().setParentId(b).setPath("obj").setIfAbsent(true).build())))
        .isEqualTo(NamespaceErrno.EEXIST);
    Entry v2 = await(one.commitWrite(CommitWriteRequest.newBuilder().setId(second.getEntry().getId())
        .setContentId(second.getContentId()).setSize(7).setEtag("e2").build()));
    assertThat(v2.getId()).as("same inode").isEqualTo(v1.getId());
    assertThat(v2.getContentId()).isEqualTo(second.getContentId());
    assertThat(await(two.lookup(b, "obj")).getSize()).isEqualTo(7);
    assertThat(errno(one.commitWrite(CommitWriteRequest.newBuilder().setId(v1.getId()).setContentId(first.getContentId())
        .setSize(1).build()))).as("an old upload cannot come back").isEqualTo(NamespaceErrno.ESTALE);
    WriteHandle dropped = await(one.beginWrite(BeginWriteRequest.newBuilder().setParentId(b).setPath("never").build()));
    await(one.abortWrite(dropped.getEntry().getId(), dropped.getContentId()));
    assertThat(errno(one.getAttr(dropped.getEntry().getId()))).as("an aborted new file leaves nothing").isEqualTo(NamespaceErrno.ENOENT);
  }

  @Test
  void aCommitStartsFromTheEntryItsBeginLeftAndStillSeesEveryChangeSince() throws Exception {
    long b = bucket("hints");
    WriteHandle a = await(one.beginWrite(BeginWriteRequest.newBuilder().setParentId(b).setPath("k").build()));
    WriteHandle later = await(one.beginWrite(BeginWriteRequest.newBuilder().setParentId(b).setPath("k").build()));
    // a's commit on the master that began it starts from the version before `later` joined: a retry, not a lost upload.
    Entry first = await(one.commitWrite(CommitWriteRequest.newBuilder().setId(a.getEntry().getId())
        .setContentId(a.getContentId()).setSize(3).setEtag("a").build()));
    assertThat(first.getContentId()).isEqualTo(a.getContentId());
    assertThat(await(one.commitWrite(CommitWriteRequest.newBuilder().setId(later.getEntry().getId())
        .setContentId(later.getContentId()).setSize(4).setEtag("later").build())).getEtag()).isEqualTo("later");
    WriteHandle aborted = await(one.beginWrite(BeginWriteRequest.newBuilder().setParentId(b).setPath("k").build()));
    await(two.abortWrite(aborted.getEntry().getId(), aborted.getContentId()));
    assertThat(errno(one.commitWrite(CommitWriteRequest.newBuilder().setId(aborted.getEntry().getId())
        .setContentId(aborted.getContentId()).setSize(1).build())))
        .as("aborted on the other master after its begin here").isEqualTo(NamespaceErrno.ESTALE);
    assertThat(await(two.lookup(b, "k")).getEtag()).isEqualTo("later");
  }

  @Test
  void concurrentPutsIntoOneDirectoryAllLandAndTouchItAfterTheirInserts() throws Exception {
    long b = bucket("burst");
    long before = await(one.getAttr(b)).getMtimeMs();
    List<Future<Entry>> puts = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      MasterClient c = i % 4 == 0 ? two : one;
      String key = "d/k" + i;
      long size = i;
      puts.add(c.beginWrite(BeginWriteRequest.newBuilder().setParentId(b).setPath(key).setMakeParents(true).build())
          .compose(h -> c.commitWrite(CommitWriteRequest.newBuilder().setId(h.getEntry().getId())
              .setContentId(h.getContentId()).setSize(size).setEtag("e" + size).build())));
    }
    for (Future<Entry> f : puts) {
      await(f);
    }
    List<String> keys = listAll(b, "d/", 1000);
    assertThat(keys).hasSize(40);
    long d = await(one.resolve("/burst/d")).getId();
    for (int i = 0; i < 40; i++) {
      assertThat(await(two.lookup(d, "k" + i)).getSize()).isEqualTo(i);
    }
    assertThat(await(one.getAttr(d)).getMtimeMs()).as("touched by its children's inserts").isGreaterThanOrEqualTo(before);
    assertThat(errno(one.rmdir(b, "d"))).as("not empty").isEqualTo(NamespaceErrno.ENOTEMPTY);
  }

  @Test
  void aMasterThatRemembersADirectoryNeverWritesIntoItOnceItMovedOrWentAway() throws Exception {
    long b = bucket("hinted");
    putVia(one, b, "d/k1", "v1");
    // Another master renames the directory the first one just wrote into.
    await(two.rename(RenameRequest.newBuilder().setParentId(b).setName("d").setNewParentId(b).setNewName("e").build()));
    putVia(one, b, "d/k2", "v2");
    assertThat(errno(two.resolve("/hinted/e/k2"))).as("not written into the renamed directory").isEqualTo(NamespaceErrno.ENOENT);
    assertThat(await(two.resolve("/hinted/d/k2")).getEtag()).isEqualTo("v2");
    putVia(one, b, "e/k1", "v1");
    await(two.rename(RenameRequest.newBuilder().setParentId(b).setName("e").setNewParentId(b).setNewName("f").build()));
    putVia(one, b, "e/k1", "v3");
    assertThat(await(two.resolve("/hinted/f/k1")).getEtag()).as("an overwrite does not land in the moved one").isEqualTo("v1");
    assertThat(await(two.resolve("/hinted/e/k1")).getEtag()).isEqualTo("v3");
    // Another master removes it (its last key gone, the implicit directory is pruned).
    await(two.unlink(RemoveRequest.newBuilder().setParentId(await(two.resolve("/hinted/e")).getId()).setName("k1")
        .setPruneImplicitParents(true).build()));
    assertThat(errno(two.resolve("/hinted/e"))).isEqualTo(NamespaceErrno.ENOENT);
    putVia(one, b, "e/k4", "v4");
    assertThat(await(two.resolve("/hinted/e/k4")).getEtag()).isEqualTo("v4");
    assertThat(listAll(b, "", 100)).as("d/k1 moved with d to e, then f").containsExactly("d/k2", "e/k4", "f/k1");
  }

  private static void putVia(MasterClient c, long bucket, String key, String etag) throws Exception {
    WriteHandle h = await(c.beginWrite(BeginWriteRequest.newBuilder().setParentId(bucket).setPath(key).setMakeParents(true).build()));
    await(c.commitWrite(CommitWriteRequest.newBuilder().setId(h.getEntry().getId()).setContentId(h.getContentId())
        .setSize(1).setEtag(etag).build()));
  }

  static void put(long bucket, String key, long size) throws Exception {
    WriteHandle h = await(one.beginWrite(BeginWriteRequest.newBuilder().setParentId(bucket).setPath(key).setMakeParents(true).build()));
    await(two.commitWrite(CommitWriteRequest.newBuilder().setId(h.getEntry().getId()).setContentId(h.getContentId())
        .setSize(size).setEtag("etag").build()));
  }

  private static List<String> listAll(long bucket, String prefix, int pageSize) throws Exception {
    List<String> out = new ArrayList<>();
    String after = "";
    while (true) {
      ListKeysReply page = await(one.listKeys(ListKeysRequest.newBuilder().setDirId(bucket).setPrefix(prefix)
          .setStartAfter(after).setLimit(pageSize).build()));
      page.getEntriesList().forEach(k -> out.add(k.getKey()));
      if (!page.getTruncated()) {
        return out;
      }
      after = page.getNextStartAfter();
    }
  }
}
