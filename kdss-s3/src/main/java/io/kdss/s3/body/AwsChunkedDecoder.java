package io.kdss.s3.body;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes an {@code aws-chunked} body into its payload:
 * <pre>
 * hex-size[;chunk-signature=sig] CRLF  data  CRLF        (repeated)
 * 0[;chunk-signature=sig] CRLF  CRLF                     (end, no trailer)
 * 0[;chunk-signature=sig] CRLF  (name:value CRLF)*  CRLF (end, trailer modes)
 * </pre>
 * Data flows out as it arrives (a chunk is never buffered whole); with a {@link
 * ChunkSignatureChain} each chunk's signature is checked when its data is complete, and a
 * mismatch fails the stream before its end, so the backend discards the upload. The decoded
 * length must equal {@code x-amz-decoded-content-length}.
 */
public final class AwsChunkedDecoder extends BodyStage {

  /** Longest chunk header or trailer line accepted (a signature line is about 90 bytes). */
  public static final int MAX_LINE_BYTES = 4096;
  /** Most trailer lines accepted (a checksum and its signature are two). */
  public static final int MAX_TRAILERS = 16;
  public static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";

  private enum State { HEADER, DATA, DATA_CR, DATA_LF, TRAILER, DONE }

  private final ChunkSignatureChain chain;
  private final boolean trailers;
  private final long decodedLength;
  private final MessageDigest chunkDigest;
  private final StringBuilder line = new StringBuilder();
  private final Map<String, String> trailerValues = new LinkedHashMap<>();
  private final StringBuilder canonicalTrailer = new StringBuilder();
  private State state = State.HEADER;
  private long chunkRemaining;
  private String chunkSignature;
  private boolean finalChunk;
  private boolean trailerSigned;
  private long decoded;

  /**
   * @param chain verifies chunk signatures; null for unsigned chunks
   * @param trailers whether trailing headers follow the final chunk
   * @param decodedLength the declared payload length ({@code x-amz-decoded-content-length})
   */
  public AwsChunkedDecoder(ReadStream<Buffer> upstream, ChunkSignatureChain chain, boolean trailers, long decodedLength) {
    super(upstream);
    this.chain = chain;
    this.trailers = trailers;
    this.decodedLength = decodedLength;
    this.chunkDigest = chain == null ? null : io.kdss.s3.sigv4.SigV4Signer.sha256();
  }

  /** Trailing headers by lower-case name (after the end); the trailer signature excluded. */
  public Map<String, String> trailers() {
    return Collections.unmodifiableMap(trailerValues);
  }

  @Override
  protected void onData(Buffer in) {
    int pos = 0;
    int len = in.length();
    while (pos < len) {
      switch (state) {
        case HEADER, TRAILER -> {
          byte b = in.getByte(pos++);
          if (b == '\n') {
            endOfLine();
          } else {
            if (line.length() >= MAX_LINE_BYTES) {
              throw bad("a chunk header or trailer line is longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.append((char) (b & 0xFF));
          }
        }
        case DATA -> {
          int n = (int) Math.min(chunkRemaining, len - pos);
          Buffer data = in.slice(pos, pos + n);
          if (chunkDigest != null) {
            BufferBytes.update(chunkDigest, data);
          }
          emit(data);
          pos += n;
          chunkRemaining -= n;
          if (chunkRemaining == 0) {
            state = State.DATA_CR;
          }
        }
        case DATA_CR -> {
          expect(in.getByte(pos++), '\r');
          state = State.DATA_LF;
        }
        case DATA_LF -> {
          expect(in.getByte(pos++), '\n');
          endOfChunk();
        }
        case DONE -> throw bad("bytes follow the final chunk");
        default -> throw new IllegalStateException(state.name());
      }
    }
  }

  @Override
  protected void onEnd() {
    if (state != State.DONE) {
      throw new S3Exception(S3ErrorCode.IncompleteBody,
          "The aws-chunked body ended after " + decoded + " payload bytes, before its final chunk.");
    }
  }

  private void endOfLine() {
    int n = line.length();
    if (n == 0 || line.charAt(n - 1) != '\r') {
      throw bad("lines must end with CRLF");
    }
    String text = line.substring(0, n - 1);
    line.setLength(0);
    if (state == State.HEADER) {
      chunkHeader(text);
    } else if (text.isEmpty()) {
      endOfTrailers();
    } else {
      trailerLine(text);
    }
  }

  private void chunkHeader(String text) {
    int semi = text.indexOf(';');
    String hex = semi < 0 ? text : text.substring(0, semi);
    long size;
    try {
      size = Long.parseUnsignedLong(hex.strip(), 16);
    } catch (NumberFormatException e) {
      throw bad("chunk size '" + hex + "' is not hexadecimal");
    }
    chunkSignature = null;
    if (semi >= 0) {
      String ext = text.substring(semi + 1).strip();
      if (ext.startsWith("chunk-signature=")) {
        chunkSignature = ext.substring("chunk-signature=".length());
      }
    }
    if (chain != null && chunkSignature == null) {
      throw new S3Exception(S3ErrorCode.SignatureDoesNotMatch, "A chunk of a signed aws-chunked body has no chunk-signature.");
    }
    if (size < 0 || size > decodedLength - decoded) {
      throw new S3Exception(S3ErrorCode.IncompleteBody,
          "The aws-chunked body carries more than x-amz-decoded-content-length (" + decodedLength + ") bytes.");
    }
    decoded += size;
    chunkRemaining = size;
    finalChunk = size == 0;
    if (finalChunk && trailers) {
      verifyChunk();
      state = State.TRAILER;
    } else {
      state = size == 0 ? State.DATA_CR : State.DATA;
    }
  }

  private void endOfChunk() {
    verifyChunk();
    if (finalChunk) {
      finish();
    } else {
      state = State.HEADER;
    }
  }

  private void verifyChunk() {
    if (chain != null) {
      chain.verifyChunk(HexFormat.of().formatHex(chunkDigest.digest()), chunkSignature);
    }
  }

  private void trailerLine(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw bad("trailer '" + text + "' is not name:value");
    }
    String name = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
    String value = text.substring(colon + 1).strip();
    if (name.equals(TRAILER_SIGNATURE)) {
      if (chain != null) {
        byte[] canonical = canonicalTrailer.toString().getBytes(StandardCharsets.UTF_8);
        chain.verifyTrailer(io.kdss.s3.sigv4.SigV4Signer.sha256Hex(canonical), value);
        trailerSigned = true;
      }
      return;
    }
    if (trailerValues.size() >= MAX_TRAILERS) {
      throw bad("more than " + MAX_TRAILERS + " trailers");
    }
    trailerValues.put(name, value);
    canonicalTrailer.append(name).append(':').append(value).append('\n');
  }

  private void endOfTrailers() {
    if (chain != null && !trailerValues.isEmpty() && !trailerSigned) {
      throw new S3Exception(S3ErrorCode.SignatureDoesNotMatch, "The trailing headers carry no x-amz-trailer-signature.");
    }
    finish();
  }

  private void finish() {
    if (decoded != decodedLength) {
      throw new S3Exception(S3ErrorCode.IncompleteBody, "The aws-chunked body carries " + decoded
          + " bytes but x-amz-decoded-content-length says " + decodedLength + ".");
    }
    state = State.DONE;
  }

  private static void expect(byte got, char want) {
    if (got != want) {
      throw bad("chunk data must be followed by CRLF");
    }
  }

  private static S3Exception bad(String why) {
    return new S3Exception(S3ErrorCode.IncompleteBody, "Malformed aws-chunked body: " + why + ".");
  }
}
