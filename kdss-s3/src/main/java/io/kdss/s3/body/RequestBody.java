package io.kdss.s3.body;

import io.kdss.s3.backend.BodyDigest;
import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.sigv4.PayloadMode;
import io.kdss.s3.sigv4.SignableRequest;
import io.kdss.s3.sigv4.VerifiedSignature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The payload of an upload as the backend reads it: the raw request body put through its
 * stages (aws-chunked decoding with chunk signatures, exact length, Content-MD5, the declared
 * SHA-256, x-amz-checksum-* from headers or trailers), with the MD5 for the ETag.
 *
 * <pre>
 * request --[AwsChunkedDecoder]--> payload --[CheckingStage: length, md5, sha256, checksum]--> backend
 * </pre>
 */
public final class RequestBody {

  private final ReadStream<Buffer> stream;
  private final long length;
  private final DigestCheck md5;
  private final Map<ChecksumAlgorithm, DigestCheck> checksums;

  private RequestBody(ReadStream<Buffer> stream, long length, DigestCheck md5, Map<ChecksumAlgorithm, DigestCheck> checksums) {
    this.stream = stream;
    this.length = length;
    this.md5 = md5;
    this.checksums = checksums;
  }

  /**
   * Checks the declared lengths and digests (before any byte is read: MissingContentLength,
   * EntityTooLarge, InvalidDigest...) and builds the stages over {@code raw}.
   *
   * @param auth the verified signature, null for an anonymous request
   * @param maxLength the largest payload accepted, in bytes
   */
  public static RequestBody open(SignableRequest r, ReadStream<Buffer> raw, VerifiedSignature auth, long maxLength) {
    return open(r, raw, auth, maxLength, true);
  }

  /**
   * As {@link #open(SignableRequest, ReadStream, VerifiedSignature, long)}; with
   * {@code headerChecksums} false the {@code x-amz-checksum-*} headers are only checked to be
   * well-formed, not compared with the body: on CompleteMultipartUpload they carry the checksum of
   * the whole object, not of the XML document (trailers still describe the body and are compared).
   */
  public static RequestBody open(SignableRequest r, ReadStream<Buffer> raw, VerifiedSignature auth, long maxLength,
      boolean headerChecksums) {
    PayloadMode mode = auth != null ? auth.payloadMode() : anonymousMode(r);
    long length;
    ReadStream<Buffer> stream = raw;
    AwsChunkedDecoder decoder = null;
    if (mode.chunked()) {
      length = declaredLength(r, "x-amz-decoded-content-length");
      checkMax(length, maxLength);
      ChunkSignatureChain chain = mode.signedChunks() && auth != null ? ChunkSignatureChain.of(auth) : null;
      decoder = new AwsChunkedDecoder(raw, chain, mode.trailer(), length);
      stream = decoder;
    } else {
      length = declaredLength(r, "content-length");
      checkMax(length, maxLength);
    }
    List<BodyCheck> checks = new ArrayList<>();
    checks.add(new LengthCheck(length, maxLength));
    DigestCheck md5 = DigestCheck.md5(contentMd5(r.header("content-md5")));
    checks.add(md5);
    if (auth != null && auth.declaredSha256() != null) {
      checks.add(DigestCheck.sha256(auth.declaredSha256()));
    }
    Map<ChecksumAlgorithm, DigestCheck> checksums = new LinkedHashMap<>();
    for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
      String header = r.header(a.headerName());
      if (header != null) {
        DigestCheck.decode(a, header);
        if (headerChecksums) {
          checksums.put(a, DigestCheck.checksum(a, () -> header));
        }
      }
    }
    String trailer = r.header("x-amz-trailer");
    if (trailer != null && decoder != null) {
      for (String name : trailer.split(",")) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        ChecksumAlgorithm a = n.startsWith("x-amz-checksum-") ? ChecksumAlgorithm.of(n.substring(15)) : null;
        if (a == null) {
          throw new S3Exception(S3ErrorCode.InvalidRequest, "The trailer '" + name.strip() + "' is not supported;"
              + " x-amz-trailer may name x-amz-checksum-{crc32,crc32c,crc64nvme,sha1,sha256}.");
        }
        AwsChunkedDecoder d = decoder;
        checksums.put(a, DigestCheck.checksum(a, () -> d.trailers().get(n)));
      }
    }
    checks.addAll(checksums.values());
    return new RequestBody(new CheckingStage(stream, checks), length, md5, checksums);
  }

  /** Without a signature the body can still be aws-chunked (unsigned, with a trailer). */
  private static PayloadMode anonymousMode(SignableRequest r) {
    String sha = r.header("x-amz-content-sha256");
    if (sha == null) {
      return PayloadMode.UNSIGNED;
    }
    PayloadMode m = PayloadMode.of(sha);
    if (m.signedChunks()) {
      throw new S3Exception(S3ErrorCode.AccessDenied, "A signed aws-chunked body needs a signed request.");
    }
    return m == PayloadMode.SIGNED ? PayloadMode.UNSIGNED : m;
  }

  private static long declaredLength(SignableRequest r, String header) {
    String v = r.header(header);
    if (v == null) {
      throw new S3Exception(S3ErrorCode.MissingContentLength, "You must provide the " + header + " HTTP header.");
    }
    try {
      long n = Long.parseLong(v.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new S3Exception(S3ErrorCode.InvalidArgument, header + " must be a non-negative number; it was '" + v + "'.")
        .detail("ArgumentName", header).detail("ArgumentValue", v);
  }

  private static void checkMax(long length, long max) {
    if (length > max) {
      throw new S3Exception(S3ErrorCode.EntityTooLarge).detail("ProposedSize", Long.toString(length))
          .detail("MaxSizeAllowed", Long.toString(max));
    }
  }

  /** Content-MD5 is base64 of the 16-byte MD5; anything else is InvalidDigest. */
  static byte[] contentMd5(String header) {
    if (header == null) {
      return null;
    }
    try {
      byte[] b = Base64.getDecoder().decode(header.strip());
      if (b.length == 16) {
        return b;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new S3Exception(S3ErrorCode.InvalidDigest).detail("Content-MD5", header);
  }

  /** The payload, checked as it flows; it fails instead of ending when a check does not hold. */
  public ReadStream<Buffer> stream() {
    return stream;
  }

  /** The payload's length in bytes (declared, and enforced by the stages). */
  public long length() {
    return length;
  }

  /** The payload's hex MD5 for its ETag, available once the stream ended. */
  public BodyDigest digest() {
    return new BodyDigest(() -> HexFormat.of().formatHex(md5.value()));
  }

  /** The x-amz-checksum-* headers to echo in the response (after the stream ended). */
  public Map<String, String> checksumHeaders() {
    Map<String, String> out = new LinkedHashMap<>();
    checksums.forEach((a, c) -> out.put(a.headerName(), Base64.getEncoder().encodeToString(c.value())));
    return out;
  }
}
