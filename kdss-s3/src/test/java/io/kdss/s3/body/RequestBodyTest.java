package io.kdss.s3.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.sigv4.PayloadMode;
import io.kdss.s3.sigv4.SignableRequest;
import io.kdss.s3.sigv4.VerifiedSignature;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The body stages together: digests and lengths are enforced, and memory stays bounded under backpressure. */
class RequestBodyTest {

  private static final byte[] HELLO = "hello world".getBytes(StandardCharsets.UTF_8);

  private static SignableRequest put(String... headers) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      h.put(headers[i], List.of(headers[i + 1]));
    }
    return SignableRequest.of("PUT", "/b/k", null, h);
  }

  private static VerifiedSignature signed(String sha256) {
    return new VerifiedSignature("AKID", PayloadMode.of(sha256), sha256.length() == 64 ? sha256 : null, "20130524T000000Z",
        "20130524/us-east-1/s3/aws4_request", "seed", new byte[32]);
  }

  @Test
  void goodBodyPassesAndGivesItsMd5AndChecksums() throws Exception {
    String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(HELLO));
    CRC32C crc = new CRC32C();
    crc.update(HELLO);
    String crcB64 = Base64.getEncoder().encodeToString(new byte[] {
        (byte) (crc.getValue() >> 24), (byte) (crc.getValue() >> 16), (byte) (crc.getValue() >> 8), (byte) crc.getValue()});
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(HELLO));
    RequestBody body = RequestBody.open(put("content-length", "11", "content-md5", md5,
        "x-amz-checksum-crc32c", crcB64), ScriptedStream.of(HELLO, 4), signed(sha), 1 << 20);
    Drain d = Drain.all(body.stream());
    assertThat(d.failure).isNull();
    assertThat(d.data.toString()).isEqualTo("hello world");
    assertThat(body.digest().md5Hex()).isEqualTo("5eb63bbbe01eeed093cb22bb8f5acdc3");
    assertThat(body.checksumHeaders()).containsEntry("x-amz-checksum-crc32c", crcB64);
  }

  @Test
  void eachMismatchHasItsCode() {
    assertFails(RequestBody.open(put("content-length", "11", "content-md5", "XrY7u+Ae7tCTyyK7j1rNww=="),
        ScriptedStream.of("hello worle".getBytes(StandardCharsets.UTF_8), 4), null, 1 << 20), S3ErrorCode.BadDigest);
    assertFails(RequestBody.open(put("content-length", "11"), ScriptedStream.of(HELLO, 4),
        signed("0".repeat(64)), 1 << 20), S3ErrorCode.XAmzContentSHA256Mismatch);
    assertFails(RequestBody.open(put("content-length", "11", "x-amz-checksum-crc32", "AAAAAA=="),
        ScriptedStream.of(HELLO, 4), null, 1 << 20), S3ErrorCode.BadDigest);
    assertFails(RequestBody.open(put("content-length", "12"), ScriptedStream.of(HELLO, 4), null, 1 << 20),
        S3ErrorCode.IncompleteBody);
  }

  @Test
  void badDeclarationsAreRefusedBeforeReading() {
    assertCode(() -> RequestBody.open(put(), ScriptedStream.of(HELLO, 4), null, 100), S3ErrorCode.MissingContentLength);
    assertCode(() -> RequestBody.open(put("content-length", "101"), ScriptedStream.of(HELLO, 4), null, 100),
        S3ErrorCode.EntityTooLarge);
    assertCode(() -> RequestBody.open(put("content-length", "11", "content-md5", "nope"), ScriptedStream.of(HELLO, 4),
        null, 100), S3ErrorCode.InvalidDigest);
    assertCode(() -> RequestBody.open(put("content-length", "11", "x-amz-checksum-sha256", "short"),
        ScriptedStream.of(HELLO, 4), null, 100), S3ErrorCode.InvalidRequest);
    assertCode(() -> RequestBody.open(put("content-length", "11", "x-amz-content-sha256",
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "x-amz-decoded-content-length", "1"), ScriptedStream.of(HELLO, 4),
        null, 100), S3ErrorCode.AccessDenied);
  }

  @Test
  void trailerChecksumFromAnUnsignedChunkedBodyIsVerified() {
    String ok = "b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n";
    RequestBody body = RequestBody.open(put("content-length", Integer.toString(ok.length()),
        "x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "x-amz-decoded-content-length", "11",
        "x-amz-trailer", "x-amz-checksum-crc32"), ScriptedStream.of(ok.getBytes(StandardCharsets.US_ASCII), 6),
        signed("STREAMING-UNSIGNED-PAYLOAD-TRAILER"), 1 << 20);
    Drain d = Drain.all(body.stream());
    assertThat(d.failure).isNull();
    assertThat(d.data.toString()).isEqualTo("hello world");
    assertThat(body.checksumHeaders()).containsEntry("x-amz-checksum-crc32", "DUoRhQ==");
    String bad = ok.replace("DUoRhQ==", "DUoRhA==");
    assertFails(RequestBody.open(put("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        "x-amz-decoded-content-length", "11", "x-amz-trailer", "x-amz-checksum-crc32"),
        ScriptedStream.of(bad.getBytes(StandardCharsets.US_ASCII), 6), signed("STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
        1 << 20), S3ErrorCode.BadDigest);
  }

  @Test
  void aSlowReaderHoldsTheSourceBackWhateverTheBodySize() {
    int pieces = 2048;
    int piece = 64 * 1024;
    List<Buffer> source = new ArrayList<>();
    Buffer block = Buffer.buffer(new byte[piece]);
    for (int i = 0; i < pieces; i++) {
      source.add(block);
    }
    ScriptedStream raw = new ScriptedStream(source);
    RequestBody body = RequestBody.open(put("content-length", Long.toString((long) pieces * piece)), raw, null,
        Long.MAX_VALUE);
    var stream = body.stream();
    int[] consumed = {0};
    int[] maxAhead = {0};
    boolean[] ended = {false};
    stream.pause();
    stream.handler(b -> {
      consumed[0]++;
      maxAhead[0] = Math.max(maxAhead[0], raw.delivered - consumed[0]);
    });
    stream.endHandler(v -> ended[0] = true);
    for (int i = 0; i < pieces + 1 && !ended[0]; i++) {
      stream.fetch(1);
    }
    assertThat(ended[0]).isTrue();
    assertThat(consumed[0]).isEqualTo(pieces);
    assertThat(maxAhead[0]).as("buffers read from the source ahead of the reader").isLessThanOrEqualTo(1);
  }

  @Test
  void crc64NvmeMatchesTheCheckValue() {
    Crc64Nvme crc = new Crc64Nvme();
    crc.update("123456789".getBytes(StandardCharsets.US_ASCII));
    assertThat(crc.getValue()).isEqualTo(0xAE8B14860A799888L);
  }

  private static void assertFails(RequestBody body, S3ErrorCode code) {
    Drain d = Drain.all(body.stream());
    assertThat(d.ended).isFalse();
    assertThat(d.failure).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, S3ErrorCode code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
