package io.kdss.s3.body;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.sigv4.SigV4Signer;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AWS's aws-chunked example (66560 bytes, three signed chunks) decodes in any split; tampering is caught. */
class AwsChunkedDecoderTest {

  static final byte[] KEY = SigV4Signer.signingKey("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20130524",
      "us-east-1", "s3");
  static final String DATE = "20130524T000000Z";
  static final String SCOPE = "20130524/us-east-1/s3/aws4_request";
  static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";

  static ChunkSignatureChain chain() {
    return new ChunkSignatureChain(KEY, DATE, SCOPE, SEED);
  }

  static byte[] awsExampleBody() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chunk(out, 65536, "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648");
    chunk(out, 1024, "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497");
    chunk(out, 0, "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9");
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, int size, String signature) {
    out.writeBytes((Integer.toHexString(size) + ";chunk-signature=" + signature + "\r\n").getBytes(StandardCharsets.US_ASCII));
    byte[] data = new byte[size];
    Arrays.fill(data, (byte) 'a');
    out.writeBytes(data);
    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 7, 88, 1000, 65536, 70000})
  void awsExampleDecodesWithEveryChunkSignatureVerified(int piece) {
    byte[] body = awsExampleBody();
    assertThat(body).hasSize(66824);
    Drain d = Drain.all(new AwsChunkedDecoder(ScriptedStream.of(body, piece), chain(), false, 66560));
    assertThat(d.failure).isNull();
    assertThat(d.ended).isTrue();
    assertThat(d.data.length()).isEqualTo(66560);
    assertThat(d.data.toString(StandardCharsets.US_ASCII).chars().allMatch(c -> c == 'a')).isTrue();
  }

  @Test
  void alteredDataFailsTheChunkSignatureAndNeverEnds() {
    byte[] body = awsExampleBody();
    body[40_000] = 'b';
    Drain d = Drain.all(new AwsChunkedDecoder(ScriptedStream.of(body, 4096), chain(), false, 66560));
    assertCode(d, S3ErrorCode.SignatureDoesNotMatch);
  }

  @Test
  void swappedSeedFailsTheFirstChunk() {
    ChunkSignatureChain other = new ChunkSignatureChain(KEY, DATE, SCOPE, "0".repeat(64));
    Drain d = Drain.all(new AwsChunkedDecoder(ScriptedStream.of(awsExampleBody(), 4096), other, false, 66560));
    assertCode(d, S3ErrorCode.SignatureDoesNotMatch);
  }

  @Test
  void truncatedBodyIsIncompleteBody() {
    byte[] body = Arrays.copyOf(awsExampleBody(), 66000);
    assertCode(Drain.all(new AwsChunkedDecoder(ScriptedStream.of(body, 4096), chain(), false, 66560)),
        S3ErrorCode.IncompleteBody);
  }

  @Test
  void decodedLengthMustMatchTheDeclaredOne() {
    assertCode(Drain.all(new AwsChunkedDecoder(ScriptedStream.of(awsExampleBody(), 4096), chain(), false, 66561)),
        S3ErrorCode.IncompleteBody);
    assertCode(Drain.all(new AwsChunkedDecoder(ScriptedStream.of(awsExampleBody(), 4096), chain(), false, 1000)),
        S3ErrorCode.IncompleteBody);
  }

  @Test
  void unsignedChunksWithTrailerExposeTheTrailers() {
    String body = "5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n";
    AwsChunkedDecoder decoder = new AwsChunkedDecoder(ScriptedStream.of(body.getBytes(StandardCharsets.US_ASCII), 3),
        null, true, 11);
    Drain d = Drain.all(decoder);
    assertThat(d.failure).isNull();
    assertThat(d.data.toString()).isEqualTo("hello world");
    assertThat(decoder.trailers()).containsEntry("x-amz-checksum-crc32", "DUoRhQ==");
  }

  @Test
  void signedTrailerIsVerifiedAndItsAbsenceRefused() {
    String data = "hello world";
    String s1 = chunkSignature(SEED, data);
    String s0 = chunkSignature(s1, "");
    String trailer = "x-amz-checksum-crc32:DUoRhQ==\n";
    String ts = SigV4Signer.signature(KEY, SigV4Signer.trailerStringToSign(DATE, SCOPE, s0,
        SigV4Signer.sha256Hex(trailer.getBytes(StandardCharsets.UTF_8))));
    String signed = "b;chunk-signature=" + s1 + "\r\n" + data + "\r\n0;chunk-signature=" + s0 + "\r\n"
        + "x-amz-checksum-crc32:DUoRhQ==\r\nx-amz-trailer-signature:" + ts + "\r\n\r\n";
    Drain ok = Drain.all(new AwsChunkedDecoder(ScriptedStream.of(signed.getBytes(StandardCharsets.US_ASCII), 5),
        chain(), true, 11));
    assertThat(ok.failure).isNull();
    assertThat(ok.ended).isTrue();
    String forged = signed.replace("DUoRhQ==", "AAAAAA==");
    assertCode(Drain.all(new AwsChunkedDecoder(ScriptedStream.of(forged.getBytes(StandardCharsets.US_ASCII), 5),
        chain(), true, 11)), S3ErrorCode.SignatureDoesNotMatch);
    String unsignedTrailer = signed.replace("x-amz-trailer-signature:" + ts + "\r\n", "");
    assertCode(Drain.all(new AwsChunkedDecoder(ScriptedStream.of(unsignedTrailer.getBytes(StandardCharsets.US_ASCII), 5),
        chain(), true, 11)), S3ErrorCode.SignatureDoesNotMatch);
  }

  @Test
  void garbageIsRefused() {
    assertCode(Drain.all(new AwsChunkedDecoder(ScriptedStream.of("zz\r\n".getBytes(StandardCharsets.US_ASCII), 5),
        null, false, 10)), S3ErrorCode.IncompleteBody);
    assertCode(Drain.all(new AwsChunkedDecoder(ScriptedStream.of("1\r\naXX".getBytes(StandardCharsets.US_ASCII), 5),
        null, false, 1)), S3ErrorCode.IncompleteBody);
  }

  /** A chunk's signature as a client computes it. */
  static String chunkSignature(String previous, String data) {
    String hash = HexFormat.of().formatHex(SigV4Signer.sha256().digest(data.getBytes(StandardCharsets.UTF_8)));
    return SigV4Signer.signature(KEY, SigV4Signer.chunkStringToSign(DATE, SCOPE, previous, hash));
  }

  static void assertCode(Drain d, S3ErrorCode code) {
    assertThat(d.ended).as("a failed body never ends").isFalse();
    assertThat(d.failure).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  static Buffer buffer(String s) {
    return Buffer.buffer(s);
  }
}
