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
 * next call, so calls batch themselves under load; fewer than {@link #MIN_BATCH} wait for the
 * commit, so an object of a few stripes costs no call here at all. Each call holds one
 * contiguous run of stripes in offset order: the masters treat a call's span as the range it
 * rewrites, so a run with a gap would cut a stripe recorded earlier inside the gap. Stripes
 * that complete ahead of an earlier one wait for it. Recorded stripes are the content's, so a
 * gateway that dies mid-upload leaves a content the garbage collector reclaims after the
 * upload timeout, plus at most {@code MIN_BATCH - 1} unrecorded stripes (orphan shards).
 * Runs on the upload's context.
 */
final class StripeRecorder {

  /** Most stripes per call (a 4+2 stripe of 1 MiB shards holds 4 MiB: 256 MiB per call). */
  static final int MAX_BATCH = 64;
  /**
   * Stripes that wait for more before a call is made: an object of fewer stripes is recorded by
   * its CommitWrite alone (two master calls per small PUT instead of three); the price is that
   * a gateway dying mid-upload may leave up to this many less one unrecorded (orphan shards).
   */
  static final int MIN_BATCH = 4;

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
  /** Stripes handed to the CommitWrite by {@link #finish()}. */
  private List<Stripe> inCommit = List.of();

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

  /**
   * Completes, once no call is in flight, with the stripes not recorded yet (fewer than
   * {@link #MIN_BATCH}, contiguous, in offset order) for the CommitWrite to record; fails with
   * the first recording failure. Called once the writer has returned every stripe.
   */
  Future<List<Stripe>> finish() {
    finished = Promise.promise();
    settle();
    return finished.future().map(v -> {
      inCommit = new ArrayList<>(waiting.values());
      waiting.clear();
      return inCommit;
    });
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

  /**
   * Abandons the stripes handed to a CommitWrite that failed. Only once AbortWrite succeeded:
   * a commit whose answer was lost may have made them a visible object's, and deleting those
   * would corrupt it (an abort then fails with "already committed"). When the commit recorded
   * them before failing, they die with the aborted content too: deleting twice is harmless.
   */
  void abandonCommitStripes(StripePlacement placement) {
    inCommit.forEach(s -> placement.abandonStripe(s.getGroupId(), s.getStripeId()));
    inCommit = List.of();
  }

  Throwable failure() {
    return failure;
  }

  private void send() {
    if (!sending.isEmpty() || failure != null) {
      return;
    }
    if (readyRun() < MIN_BATCH) {
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

  /** Stripes waiting that continue the recorded ones without a gap. */
  private int readyRun() {
    int n = 0;
    long at = nextOffset;
    Stripe s;
    while ((s = waiting.get(at)) != null) {
      n++;
      at = s.getOffset() + s.getLength();
    }
    return n;
  }

  private void settle() {
    if (finished == null || finished.future().isComplete() || !sending.isEmpty()) {
      return;
    }
    if (failure != null) {
      finished.fail(failure);
    } else if (readyRun() == waiting.size()) {
      finished.complete();
    } else {
      failure = new IllegalStateException("the writer returned no stripe at offset " + nextOffset);
      finished.fail(failure);
    }
  }
}
