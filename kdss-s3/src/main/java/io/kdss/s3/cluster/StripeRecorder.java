package io.kdss.s3.cluster;

import io.kdss.client.StripePlacement;
import io.kdss.client.master.MasterClient;
import io.kdss.proto.AppendStripesRequest;
import io.kdss.proto.Stripe;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Records an upload's stripes in its content ({@code AppendStripes(content_id)}) while the
 * upload goes on, at most one call in flight: stripes that complete meanwhile wait and go in the
 * next call, so calls batch themselves under load and a small object costs one call. Each call
 * holds one contiguous run of stripes in offset order: the masters treat a call's span as the
 * range it rewrites, so a run with a gap would cut a stripe recorded earlier inside the gap.
 * Stripes that complete ahead of an earlier one wait for it. Recorded stripes are the
 * content's, so a gateway that dies mid-upload leaves a content the garbage collector reclaims
 * after the upload timeout, not orphan shards. Runs on the upload's context.
 */
final class StripeRecorder {

  /** Most stripes per call (a 4+2 stripe of 1 MiB shards holds 4 MiB: 256 MiB per call). */
  static final int MAX_BATCH = 64;

  private final MasterClient masters;
  private final Context context;
  private final long entryId;
  private final long contentId;
  private final TreeMap<Long, Stripe> waiting = new TreeMap<>();
  private long nextOffset;
  private List<Stripe> sending = List.of();
  private Throwable failure;
  private Promise<Void> finished;
  private Runnable failureHandler;

  StripeRecorder(MasterClient masters, Context context, long entryId, long contentId) {
    this.masters = masters;
    this.context = context;
    this.entryId = entryId;
    this.contentId = contentId;
  }

  /** Called once if a recording fails (the upload should stop at once). */
  StripeRecorder onFailure(Runnable handler) {
    this.failureHandler = handler;
    return this;
  }

  void add(Stripe s) {
    waiting.put(s.getOffset(), s);
    send();
  }

  /** Completes when every stripe added is recorded; fails with the first recording failure. */
  Future<Void> finish() {
    finished = Promise.promise();
    settle();
    return finished.future();
  }

  /** Shards of stripes not recorded (waiting or in a failed call) are garbage: tell the masters. */
  void abandonUnrecorded(StripePlacement placement) {
    List<Stripe> lost = new ArrayList<>(waiting.values());
    if (failure != null) {
      lost.addAll(sending);
    }
    waiting.clear();
    lost.forEach(s -> placement.abandonStripe(s.getGroupId(), s.getStripeId()));
  }

  Throwable failure() {
    return failure;
  }

  private void send() {
    if (!sending.isEmpty() || failure != null) {
      return;
    }
    List<Stripe> run = new ArrayList<>();
    while (run.size() < MAX_BATCH && waiting.containsKey(nextOffset)) {
      Stripe s = waiting.remove(nextOffset);
      run.add(s);
      nextOffset = s.getOffset() + s.getLength();
    }
    if (run.isEmpty()) {
      return;
    }
    sending = run;
    masters.appendStripes(AppendStripesRequest.newBuilder().setId(entryId).setContentId(contentId)
        .addAllStripes(sending).build()).onComplete(ar -> OnContext.run(context, () -> {
          if (ar.failed()) {
            failure = ar.cause();
            if (failureHandler != null) {
              failureHandler.run();
            }
          } else {
            sending = List.of();
          }
          send();
          settle();
        }));
  }

  private void settle() {
    if (finished == null || finished.future().isComplete()) {
      return;
    }
    if (failure != null) {
      finished.fail(failure);
    } else if (sending.isEmpty() && waiting.isEmpty()) {
      finished.complete();
    } else if (sending.isEmpty()) {
      failure = new IllegalStateException("the writer returned no stripe at offset " + nextOffset);
      finished.fail(failure);
    }
  }
}
