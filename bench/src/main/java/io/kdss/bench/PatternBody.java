package io.kdss.bench;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.AsyncRequestBody;

/**
 * An upload body of {@code length} bytes made of one random pattern repeated, produced only as
 * the SDK asks (a 1 GiB object costs the pattern's memory, not a gigabyte).
 */
final class PatternBody implements AsyncRequestBody {

  static final int CHUNK = 256 << 10;

  private final ByteBuffer pattern;
  private final long length;

  PatternBody(ByteBuffer pattern, long length) {
    this.pattern = pattern.asReadOnlyBuffer();
    this.length = length;
  }

  @Override
  public Optional<Long> contentLength() {
    return Optional.of(length);
  }

  @Override
  public void subscribe(Subscriber<? super ByteBuffer> s) {
    AtomicLong sent = new AtomicLong();
    AtomicLong demand = new AtomicLong();
    Object lock = new Object();
    s.onSubscribe(new Subscription() {
      private boolean emitting;
      private boolean done;

      @Override
      public void request(long n) {
        synchronized (lock) {
          demand.set(demand.get() + n < 0 ? Long.MAX_VALUE : demand.get() + n);
          if (emitting) {
            return;
          }
          emitting = true;
        }
        while (true) {
          synchronized (lock) {
            if (done || demand.get() == 0) {
              emitting = false;
              return;
            }
            demand.decrementAndGet();
          }
          long at = sent.get();
          int n2 = (int) Math.min(CHUNK, length - at);
          ByteBuffer b = pattern.duplicate();
          int from = (int) (at % (pattern.capacity() - CHUNK));
          b.position(from).limit(from + n2);
          sent.addAndGet(n2);
          S3Load.STREAMED.addAndGet(n2);
          s.onNext(b.slice());
          if (sent.get() >= length) {
            synchronized (lock) {
              done = true;
            }
            s.onComplete();
          }
        }
      }

      @Override
      public void cancel() {
        synchronized (lock) {
          done = true;
        }
      }
    });
  }
}
