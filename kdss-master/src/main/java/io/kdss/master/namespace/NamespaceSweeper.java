package io.kdss.master.namespace;

import io.kdss.meta.MetaCollections;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The leader's recovery pass over the namespace: uploads not committed within the upload
 * timeout are aborted (their content collected), renames onto an existing name left half
 * done by a crashed master are completed, and so are multipart completions and aborts.
 * (On the embedded store these queries scan the entries; a real MongoDB would use a sparse
 * index.)
 */
final class NamespaceSweeper {

  static final int BATCH = 100;
  static final long RENAME_STALE_MS = 30_000;

  private final NamespaceTree tree;
  private final Uploads uploads;
  private final MultipartUploads multipart;
  private final long uploadTimeoutMs;

  NamespaceSweeper(NamespaceTree tree, Uploads uploads, MultipartUploads multipart, long uploadTimeoutMs) {
    this.tree = tree;
    this.uploads = uploads;
    this.multipart = multipart;
    this.uploadTimeoutMs = uploadTimeoutMs;
  }

  Future<Void> run() {
    long now = System.currentTimeMillis();
    JsonObject stale = new JsonObject().put("pending.at", new JsonObject().put("$lt", now - uploadTimeoutMs));
    JsonObject renaming = new JsonObject().put("renaming.at", new JsonObject().put("$lt", now - RENAME_STALE_MS));
    FindOptions o = new FindOptions().setLimit(BATCH);
    var mongo = tree.entries().store().client();
    return mongo.findWithOptions(MetaCollections.ENTRIES, stale, o).compose(docs -> {
      List<Future<?>> aborts = new ArrayList<>();
      for (JsonObject d : docs) {
        EntryDoc.pending(d).forEach(p -> {
          JsonObject pend = (JsonObject) p;
          if (pend.getLong("at") < now - uploadTimeoutMs) {
            aborts.add(uploads.abort(d.getLong("_id"), pend.getLong("c")).recover(e -> Future.succeededFuture()));
          }
        });
      }
      return Future.join(aborts);
    }).compose(x -> mongo.findWithOptions(MetaCollections.ENTRIES, renaming, o)).compose(docs -> {
      List<Future<?>> fixes = new ArrayList<>();
      docs.forEach(d -> fixes.add(tree.finishRename(d).recover(e -> Future.succeededFuture())));
      return Future.join(fixes);
    }).compose(x -> multipart.recover());
  }
}
