package io.kdss.s3.http;

import io.kdss.s3.request.S3Operation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Per-operation gateway metrics in the node's registry: {@code kdss_s3_requests_seconds}
 * (latency histogram, by op and status class), {@code kdss_s3_errors_total} (by op and S3
 * error code), {@code kdss_s3_received_bytes_total} and {@code kdss_s3_sent_bytes_total} (by op).
 */
public final class S3Metrics {

  private final MeterRegistry registry;
  private final Map<S3Operation, Counter> bytesIn = new EnumMap<>(S3Operation.class);
  private final Map<S3Operation, Counter> bytesOut = new EnumMap<>(S3Operation.class);

  public S3Metrics(MeterRegistry registry) {
    this.registry = registry;
    for (S3Operation op : S3Operation.values()) {
      bytesIn.put(op, Counter.builder("kdss.s3.received.bytes").tag("op", op.name()).baseUnit("bytes")
          .description("Request bytes received by the S3 gateway").register(registry));
      bytesOut.put(op, Counter.builder("kdss.s3.sent.bytes").tag("op", op.name()).baseUnit("bytes")
          .description("Response bytes sent by the S3 gateway").register(registry));
    }
  }

  /** @param op null when the request could not be parsed into an operation */
  public void record(S3Operation op, int status, String errorCode, long nanos, long received, long sent) {
    String name = op == null ? "Unparsed" : op.name();
    Timer.builder("kdss.s3.requests").tag("op", name).tag("status", status / 100 + "xx")
        .description("S3 requests served, by operation and status class").publishPercentileHistogram()
        .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    if (errorCode != null) {
      Counter.builder("kdss.s3.errors").tag("op", name).tag("code", errorCode)
          .description("S3 error responses, by operation and error code").register(registry).increment();
    }
    if (op != null) {
      bytesIn.get(op).increment(received);
      bytesOut.get(op).increment(sent);
    }
  }
}
