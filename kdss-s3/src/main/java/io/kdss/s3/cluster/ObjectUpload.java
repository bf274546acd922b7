package io.kdss.s3.cluster;

import io.kdss.client.KdssClient;
import io.kdss.client.ObjectWriter;
import io.kdss.client.StripePlacement;
import io.kdss.client.master.MasterClient;
import io.kdss.client.master.NamespaceErrno;
import io.kdss.proto.BeginWriteRequest;
import io.kdss.proto.CommitWriteRequest;
import io.kdss.proto.Entry;
import io.kdss.proto.WriteHandle;
import io.kdss.s3.backend.BodyDigest;
import io.kdss.s3.backend.WriteCondition;
import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
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
 * are recorded in the content as they complete ({@link StripeRecorder}; the last few ride on
 * the commit), and CommitWrite makes it the file's content with its size, ETag and metadata
 * in one step. If anything fails (the client disconnects, a checksum or chunk signature does
 * not match, a quorum is missed) the writer is aborted, unrecorded stripes are abandoned and
 * AbortWrite drops the content: nothing of it becomes visible, and its shards are collected.
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

  /**
   * Writes the body as the file {@code path} below directory {@code parentId}; call on the
   * request's context. The condition is checked by BeginWrite, before the body is read (a key
   * that fails it is refused at once), and again by the commit, atomically.
   */
  Future<Entry> write(long parentId, String path, WriteCondition condition, ReadStream<Buffer> body, BodyDigest digest,
      Fields fields) {
    Context context = Vertx.currentContext();
    Promise<Entry> done = Promise.promise();
    BeginWriteRequest.Builder begin = BeginWriteRequest.newBuilder().setParentId(parentId).setPath(path)
        .setMakeParents(true).setIfAbsent(condition.ifAbsent());
    if (condition.ifMatchEtag() != null) {
      begin.setIfMatchEtag(condition.ifMatchEtag());
    }
    masters.beginWrite(begin.build())
        .onComplete(ar -> OnContext.run(context, () -> {
          if (ar.failed()) {
            done.fail(conditionFailure(condition, ar.cause()));
          } else {
            stream(context, ar.result(), condition, body, digest, fields)
                .recover(e -> Future.failedFuture(conditionFailure(condition, e))).onComplete(done);
          }
        }));
    return done.future();
  }

  /** If-Match on a key without an object is NoSuchKey (an ENOENT of a plain write means a missing bucket). */
  private static Throwable conditionFailure(WriteCondition condition, Throwable e) {
    return condition.ifMatchEtag() != null && NamespaceErrno.of(e) == NamespaceErrno.ENOENT
        ? new S3Exception(S3ErrorCode.NoSuchKey, "There is no object to match If-Match against.") : e;
  }

  private Future<Entry> stream(Context context, WriteHandle h, WriteCondition condition, ReadStream<Buffer> body,
      BodyDigest digest, Fields fields) {
    long id = h.getEntry().getId();
    long cid = h.getContentId();
    ObjectWriter writer = client.writer(h.getScheme(), 0);
    StripeRecorder recorder = new StripeRecorder(masters, context, id, cid).onFailure(writer::abort);
    writer.stripeHandler(recorder::add);
    return body.pipe().endOnFailure(false).to(writer)
        .compose(v -> writer.result())
        .compose(written -> recorder.finish().compose(rest -> {
          CommitWriteRequest.Builder commit = CommitWriteRequest.newBuilder()
              .setId(id).setContentId(cid).setSize(written.bytes()).setEtag(digest.md5Hex())
              .setContentType(fields.contentType() == null ? "" : fields.contentType())
              .putAllUserMeta(fields.userMeta()).addAllStripes(rest).setIfAbsent(condition.ifAbsent());
          if (condition.ifMatchEtag() != null) {
            commit.setIfMatchEtag(condition.ifMatchEtag());
          }
          return masters.commitWrite(commit.build());
        }))
        .recover(e -> {
          Throwable cause = recorder.failure() != null ? recorder.failure() : e;
          OnContext.run(context, () -> {
            writer.abort();
            recorder.abandonUnrecorded(placement);
          });
          return masters.abortWrite(id, cid)
              .onSuccess(x -> OnContext.run(context, () -> recorder.abandonCommitStripes(placement)))
              .transform(x -> Future.failedFuture(cause));
        });
  }
}
