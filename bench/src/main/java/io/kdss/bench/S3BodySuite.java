package io.kdss.bench;

import io.kdss.s3.body.RequestBody;
import io.kdss.s3.sigv4.PayloadMode;
import io.kdss.s3.sigv4.SigV4Signer;
import io.kdss.s3.sigv4.SignableRequest;
import io.kdss.s3.sigv4.VerifiedSignature;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.ReadStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;

/**
 * Throughput of the gateway's upload body stages (aws-chunked decoding with chunk-signature
 * checks, length, MD5 for the ETag, SHA-256, checksum trailers) on one core, in 64 KiB network
 * buffers, beside the baseline every S3 server pays whatever it does: MD5 of the same bytes.
 */
final class S3BodySuite implements BenchSuite {

  private static final int BUFFER = 64 * 1024;
  private static final int CHUNK = 1024 * 1024;
  private static final byte[] KEY = SigV4Signer.signingKey("secret", "20250101", "us-east-1", "s3");
  private static final String DATE = "20250101T000000Z";
  private static final String SCOPE = "20250101/us-east-1/s3/aws4_request";
  private static final String SEED = "0".repeat(64);

  @Override
  public String name() {
    return "s3body";
  }

  @Override
  public String description() {
    return "S3 upload body stages GB/s per payload mode vs plain MD5 of the bytes";
  }

  @Override
  public void run(BenchArgs args) throws Exception {
    int mib = args.integer("mib", args.quick() ? 16 : 128);
    int rounds = args.integer("rounds", args.quick() ? 1 : 5);
    byte[] payload = new byte[mib * 1024 * 1024];
    new Random(1).nextBytes(payload);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
    List<Buffer> plain = slices(payload);
    List<Buffer> signedChunks = slices(awsChunked(payload, true));
    List<Buffer> trailerChunks = slices(awsChunked(payload, false));
    double md5 = best(rounds, payload.length, () -> {
      MessageDigest d = MessageDigest.getInstance("MD5");
      for (Buffer b : plain) {
        d.update(((BufferInternal) b).getByteBuf().nioBuffer());
      }
      d.digest();
    });
    Map<String, String> len = Map.of("content-length", Integer.toString(payload.length));
    report("unsigned", mib, md5, best(rounds, payload.length,
        () -> drain(RequestBody.open(request(len), new ListStream(plain), auth("UNSIGNED-PAYLOAD"), Long.MAX_VALUE))));
    report("signed_sha256", mib, md5, best(rounds, payload.length,
        () -> drain(RequestBody.open(request(len), new ListStream(plain), auth(sha), Long.MAX_VALUE))));
    Map<String, String> chunked = Map.of("x-amz-decoded-content-length", Integer.toString(payload.length));
    report("chunked_signed", mib, md5, best(rounds, payload.length, () -> drain(RequestBody.open(request(chunked),
        new ListStream(signedChunks), auth("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"), Long.MAX_VALUE))));
    Map<String, String> trailer = Map.of("x-amz-decoded-content-length", Integer.toString(payload.length),
        "x-amz-trailer", "x-amz-checksum-crc32c");
    report("chunked_unsigned_crc32c_trailer", mib, md5, best(rounds, payload.length, () -> drain(RequestBody.open(
        request(trailer), new ListStream(trailerChunks), auth("STREAMING-UNSIGNED-PAYLOAD-TRAILER"), Long.MAX_VALUE))));
  }

  private static void report(String mode, int mib, double md5Gbps, double gbps) {
    Results.print("s3body", "mode", mode, "mib", mib, "stages_gbps", gbps, "md5_only_gbps", md5Gbps,
        "ratio", gbps / md5Gbps);
  }

  private interface Body {
    void run() throws Exception;
  }

  /** Best of {@code rounds} runs, in GB/s of payload. */
  private static double best(int rounds, long bytes, Body body) throws Exception {
    double best = 0;
    for (int i = 0; i < rounds + 1; i++) {
      long t0 = System.nanoTime();
      body.run();
      double gbps = bytes / (double) (System.nanoTime() - t0);
      if (i > 0 || rounds == 1) {
        best = Math.max(best, gbps);
      }
    }
    return best;
  }

  private static void drain(RequestBody body) {
    boolean[] ended = {false};
    Throwable[] failed = {null};
    ReadStream<Buffer> s = body.stream();
    s.exceptionHandler(e -> failed[0] = e);
    s.endHandler(v -> ended[0] = true);
    s.handler(b -> { });
    s.resume();
    if (!ended[0]) {
      throw new IllegalStateException("body did not end: " + failed[0], failed[0]);
    }
  }

  private static SignableRequest request(Map<String, String> headers) {
    Map<String, List<String>> h = new java.util.HashMap<>();
    headers.forEach((k, v) -> h.put(k, List.of(v)));
    return SignableRequest.of("PUT", "/b/k", null, h);
  }

  private static VerifiedSignature auth(String contentSha256) {
    PayloadMode m = PayloadMode.of(contentSha256);
    return new VerifiedSignature("AK", m, m == PayloadMode.SIGNED ? contentSha256 : null, DATE, SCOPE, SEED, KEY);
  }

  /** The payload aws-chunked in 1 MiB chunks: signed (chained signatures) or unsigned with a CRC32C trailer. */
  private static byte[] awsChunked(byte[] payload, boolean signed) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(payload.length + payload.length / 100);
    String previous = SEED;
    CRC32C crc = new CRC32C();
    for (int off = 0; off <= payload.length; off += CHUNK) {
      int n = Math.min(CHUNK, payload.length - off);
      byte[] data = java.util.Arrays.copyOfRange(payload, off, off + n);
      crc.update(data);
      String header = Integer.toHexString(n);
      if (signed) {
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        previous = SigV4Signer.signature(KEY, SigV4Signer.chunkStringToSign(DATE, SCOPE, previous, hash));
        header += ";chunk-signature=" + previous;
      }
      out.writeBytes((header + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(data);
      if (n > 0 || signed) {
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      if (n == 0) {
        break;
      }
    }
    if (!signed) {
      long v = crc.getValue();
      String b64 = Base64.getEncoder().encodeToString(new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8),
          (byte) v});
      out.writeBytes(("x-amz-checksum-crc32c:" + b64 + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }

  private static List<Buffer> slices(byte[] bytes) {
    Buffer all = Buffer.buffer(bytes);
    List<Buffer> out = new ArrayList<>();
    for (int i = 0; i < bytes.length; i += BUFFER) {
      out.add(all.slice(i, Math.min(bytes.length, i + BUFFER)));
    }
    return out;
  }

  /** Delivers prepared buffers on demand, synchronously, like a fast client on loopback. */
  private static final class ListStream implements ReadStream<Buffer> {

    private final List<Buffer> buffers;
    private int next;
    private long demand = Long.MAX_VALUE;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private boolean delivering;
    private boolean ended;

    ListStream(List<Buffer> buffers) {
      this.buffers = buffers;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> h) {
      handler = h;
      deliver();
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      demand = 0;
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      return fetch(Long.MAX_VALUE);
    }

    @Override
    public ReadStream<Buffer> fetch(long n) {
      demand = demand > Long.MAX_VALUE - n ? Long.MAX_VALUE : demand + n;
      deliver();
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> h) {
      endHandler = h;
      return this;
    }

    private void deliver() {
      if (delivering || handler == null) {
        return;
      }
      delivering = true;
      try {
        while (demand > 0 && next < buffers.size()) {
          if (demand != Long.MAX_VALUE) {
            demand--;
          }
          handler.handle(buffers.get(next++));
        }
        if (next == buffers.size() && demand > 0 && !ended && endHandler != null) {
          ended = true;
          endHandler.handle(null);
        }
      } finally {
        delivering = false;
      }
    }
  }
}
