package io.kdss.master.namespace;

import io.kdss.client.master.NamespaceErrno;
import io.kdss.proto.AbortWriteRequest;
import io.kdss.proto.AppendStripesRequest;
import io.kdss.proto.BeginWriteRequest;
import io.kdss.proto.CommitWriteRequest;
import io.kdss.proto.CreateRequest;
import io.kdss.proto.Entry;
import io.kdss.proto.GetAttrRequest;
import io.kdss.proto.KeyEntry;
import io.kdss.proto.LinkRequest;
import io.kdss.proto.ListKeysReply;
import io.kdss.proto.ListKeysRequest;
import io.kdss.proto.LookupRequest;
import io.kdss.proto.NamespaceServiceGrpcService;
import io.kdss.proto.ReadStripesReply;
import io.kdss.proto.ReadStripesRequest;
import io.kdss.proto.ReaddirReply;
import io.kdss.proto.ReaddirRequest;
import io.kdss.proto.RemoveRequest;
import io.kdss.proto.RenameRequest;
import io.kdss.proto.ReplaceStripesRequest;
import io.kdss.proto.ResolveRequest;
import io.kdss.proto.SetAttrRequest;
import io.kdss.proto.WriteHandle;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.StatusException;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The namespace gRPC service. Maps calls onto the tree, uploads and stripe maps; times every
 * call into {@code kdss.master.namespace.op{op, result}}; turns failures into statuses: namespace
 * errors keep their errno message, a metadata store that cannot be reached is UNAVAILABLE
 * (the client then tries another master), anything else INTERNAL.
 */
public final class NamespaceEndpoint extends NamespaceServiceGrpcService {

  private static final Logger LOG = LoggerFactory.getLogger(NamespaceEndpoint.class);

  private final Namespace ns;
  private final MeterRegistry metrics;

  NamespaceEndpoint(Namespace ns, MeterRegistry metrics) {
    this.ns = ns;
    this.metrics = metrics;
  }

  @Override
  public Future<Entry> lookup(LookupRequest r) {
    return entry("lookup", () -> ns.tree().lookup(r.getParentId(), r.getName()));
  }

  @Override
  public Future<Entry> resolve(ResolveRequest r) {
    return entry("resolve", () -> ns.tree().resolve(r.getParentId(), r.getPath()).compose(d -> EntryDoc.hidden(d)
        ? Future.failedFuture(NamespaceErrors.error(NamespaceErrno.ENOENT, "no '" + r.getPath() + "'"))
        : Future.succeededFuture(d)));
  }

  @Override
  public Future<Entry> getAttr(GetAttrRequest r) {
    return entry("getattr", () -> ns.tree().entries().require(r.getId()));
  }

  @Override
  public Future<Entry> setAttr(SetAttrRequest r) {
    return entry("setattr", () -> ns.setAttr(r));
  }

  @Override
  public Future<Entry> mkdir(CreateRequest r) {
    return entry("mkdir", () -> ns.tree().mkdir(r));
  }

  @Override
  public Future<Entry> create(CreateRequest r) {
    return entry("create", () -> ns.tree().create(r));
  }

  @Override
  public Future<Entry> symlink(CreateRequest r) {
    return entry("symlink", () -> ns.tree().symlink(r));
  }

  @Override
  public Future<Entry> link(LinkRequest r) {
    return entry("link", () -> Future.failedFuture(NamespaceErrors.error(NamespaceErrno.ENOTSUP,
        "hard links are not supported")));
  }

  @Override
  public Future<ReaddirReply> readdir(ReaddirRequest r) {
    int limit = r.getLimit() <= 0 ? 1000 : Math.min(r.getLimit(), 10_000);
    return timed("readdir", () -> ns.tree().readdir(r.getId(), r.getAfter(), r.getPrefix(), limit).map(docs -> {
      ReaddirReply.Builder b = ReaddirReply.newBuilder();
      List<JsonObject> page = docs.size() > limit ? docs.subList(0, limit) : docs;
      page.forEach(d -> b.addEntries(EntryDoc.toProto(d)));
      b.setTruncated(docs.size() > limit);
      if (!page.isEmpty()) {
        b.setNextAfter(page.get(page.size() - 1).getString("name"));
      }
      return b.build();
    }));
  }

  @Override
  public Future<ListKeysReply> listKeys(ListKeysRequest r) {
    int limit = r.getLimit() <= 0 ? 1000 : Math.min(r.getLimit(), 10_000);
    return timed("listkeys", () -> ns.keys().list(r.getDirId() == 0 ? Entries.ROOT : r.getDirId(), r.getPrefix(),
        r.getStartAfter(), limit).map(keys -> {
          ListKeysReply.Builder b = ListKeysReply.newBuilder().setTruncated(keys.size() > limit);
          List<KeyListing.Key> page = keys.size() > limit ? keys.subList(0, limit) : keys;
          page.forEach(k -> b.addEntries(KeyEntry.newBuilder().setKey(k.key()).setEntry(EntryDoc.toProto(k.entry()))));
          if (!page.isEmpty()) {
            b.setNextStartAfter(page.get(page.size() - 1).key());
          }
          return b.build();
        }));
  }

  @Override
  public Future<Entry> rename(RenameRequest r) {
    return entry("rename", () -> ns.tree().rename(r.getParentId(), r.getName(), r.getNewParentId(), r.getNewName(),
        r.getNoReplace()));
  }

  @Override
  public Future<Entry> unlink(RemoveRequest r) {
    return entry("unlink", () -> ns.tree().unlink(r.getParentId(), r.getName(), r.getPruneImplicitParents()));
  }

  @Override
  public Future<Entry> rmdir(RemoveRequest r) {
    return entry("rmdir", () -> ns.tree().rmdir(r.getParentId(), r.getName()));
  }

  @Override
  public Future<WriteHandle> beginWrite(BeginWriteRequest r) {
    return timed("begin_write", () -> ns.uploads().begin(r).map(h -> WriteHandle.newBuilder()
        .setEntry(EntryDoc.toProto(h.entry())).setContentId(h.cid()).setScheme(h.scheme()).build()));
  }

  @Override
  public Future<Entry> commitWrite(CommitWriteRequest r) {
    return entry("commit_write", () -> ns.uploads().commit(r));
  }

  @Override
  public Future<Entry> abortWrite(AbortWriteRequest r) {
    return entry("abort_write", () -> ns.uploads().abort(r.getId(), r.getContentId()));
  }

  @Override
  public Future<Entry> appendStripes(AppendStripesRequest r) {
    return entry("append_stripes", () -> ns.writes().append(r.getId(), r.getContentId(), r.getStripesList(),
        r.hasSize() ? r.getSize() : null, r.hasEtag() ? r.getEtag() : null));
  }

  @Override
  public Future<Entry> replaceStripes(ReplaceStripesRequest r) {
    return entry("replace_stripes", () -> {
      if (r.getOffset() < 0 || r.getLength() <= 0) {
        return Future.failedFuture(NamespaceErrors.error(NamespaceErrno.EINVAL, "replace needs offset >= 0 and length > 0"));
      }
      return ns.writes().replace(r.getId(), r.getContentId(), r.getOffset(), r.getOffset() + r.getLength(),
          r.getStripesList(), r.hasSize() ? r.getSize() : null, r.hasEtag() ? r.getEtag() : null);
    });
  }

  @Override
  public Future<ReadStripesReply> readStripes(ReadStripesRequest r) {
    return timed("read_stripes", () -> ns.writes().read(r.getId(), r.getContentId(), Math.max(0, r.getOffset()),
        r.getLength()).map(out -> {
          ReadStripesReply.Builder b = ReadStripesReply.newBuilder().setSize(out.getLong("size"))
              .setContentId(out.getLong("cid")).setVersion(out.getLong("v"));
          out.getJsonArray("x").forEach(x -> b.addStripes(Extent.fromJson((JsonObject) x).toProto()));
          return b.build();
        }));
  }

  private Future<Entry> entry(String op, Supplier<Future<JsonObject>> call) {
    return timed(op, () -> call.get().map(EntryDoc::toProto));
  }

  <T> Future<T> timed(String op, Supplier<Future<T>> call) {
    long start = System.nanoTime();
    Future<T> f;
    try {
      f = call.get();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    return f.transform(ar -> {
      String result = "ok";
      Throwable failure = null;
      if (ar.failed()) {
        failure = toStatus(op, ar.cause());
        NamespaceErrno errno = NamespaceErrors.errnoOf(failure);
        result = errno != null ? errno.name() : ((StatusException) failure).status().name();
      }
      Timer.builder("kdss.master.namespace.op").tag("op", op).tag("result", result)
          .publishPercentiles(0.5, 0.99).register(metrics).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
      return failure == null ? Future.succeededFuture(ar.result()) : Future.failedFuture(failure);
    });
  }

  private static StatusException toStatus(String op, Throwable e) {
    if (e instanceof StatusException s) {
      return s;
    }
    if (isStoreUnreachable(e)) {
      return new StatusException(GrpcStatus.UNAVAILABLE, "metadata store unreachable: " + e.getMessage());
    }
    LOG.atWarn().addKeyValue("op", op).setCause(e).log("namespace call failed");
    return new StatusException(GrpcStatus.INTERNAL, op + " failed: " + e);
  }

  static boolean isStoreUnreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String name = t.getClass().getName();
      if (name.contains("MongoTimeoutException") || name.contains("MongoSocket") || t instanceof java.net.ConnectException) {
        return true;
      }
    }
    return false;
  }
}
