package io.kdss.s3.cluster;

import io.kdss.client.KdssClient;
import io.kdss.client.ObjectWriter;
import io.kdss.client.StripePlacement;
import io.kdss.client.master.MasterClient;
import io.kdss.proto.BeginWriteRequest;
import io.kdss.proto.CommitWriteRequest;
import io.kdss.proto.Entry;
import io.kdss.proto.WriteHandle;
import io.kdss.s3.backend.BodyDigest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.Map;

/**
 * One object (or part) written from a body stream with the namespace's atomic write:
 * BeginWrite reserves a new content for the file (made hidden when new, parents made), the body
 * is piped into an {@link ObjectWriter} (pulled only as fast as shards become durable), stripes
 * are recorded in the content as they complete ({@link StripeRecorder}), and CommitWrite makes
 * it the file's content with its size, ETag and metadata in one step. If anything fails (the
 * client disconnects, a checksum or chunk signature does not match, a quorum is missed) the
 * writer is aborted, unrecorded stripes are abandoned and AbortWrite drops the content: nothing
 * of it becomes visible, and its shards are collected.
 */
final class ObjectUpload {

  /** What the commit records besides size and ETag. */
  record Fields(String contentType, Map<String, String> userMeta) {
  }

  private final MasterClient masters;
  private final KdssClient client;
  private final StripePlacement placement;

  ObjectUpload(MasterClient masters, KdssClient client, StripePlacement placement) {
    this.masters = masters;
    this.client = client;
    this.placement = placement;
  }

  /** Writes the body as the file {@code path} below directory {@code parentId}; call on the request's context. */
  Future<Entry> write(long parentId, String path, ReadStream<Buffer> body, BodyDigest digest, Fields fields) {
    Context context = Vertx.currentContext();
    Promise<Entry> done = Promise.promise();
    masters.beginWrite(BeginWriteRequest.newBuilder().setParentId(parentId).setPath(path).setMakeParents(true).build())
        .onComplete(ar -> OnContext.run(context, () -> {
          if (ar.failed()) {
            done.fail(ar.cause());
          } else {
            stream(context, ar.result(), body, digest, fields).onComplete(done);
          }
        }));
    return done.future();
  }

  private Future<Entry> stream(Context context, WriteHandle h, ReadStream<Buffer> body, BodyDigest digest,
      Fields fields) {
    long id = h.getEntry().getId();
    long cid = h.getContentId();
    ObjectWriter writer = client.writer(h.getScheme(), 0);
    StripeRecorder recorder = new StripeRecorder(masters, context, id, cid).onFailure(writer::abort);
    writer.stripeHandler(recorder::add);
    return body.pipe().endOnFailure(false).to(writer)
        .compose(v -> writer.result())
        .compose(written -> recorder.finish().map(written))
        .compose(written -> masters.commitWrite(CommitWriteRequest.newBuilder().setId(id).setContentId(cid)
            .setSize(written.bytes()).setEtag(digest.md5Hex())
            .setContentType(fields.contentType() == null ? "" : fields.contentType())
            .putAllUserMeta(fields.userMeta()).build()))
        .recover(e -> {
          Throwable cause = recorder.failure() != null ? recorder.failure() : e;
          OnContext.run(context, () -> {
            writer.abort();
            recorder.abandonUnrecorded(placement);
          });
          return masters.abortWrite(id, cid).transform(x -> Future.failedFuture(cause));
        });
  }
}
