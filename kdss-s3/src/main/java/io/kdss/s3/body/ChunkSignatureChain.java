package io.kdss.s3.body;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.sigv4.SigV4Signer;
import io.kdss.s3.sigv4.VerifiedSignature;

/**
 * The signatures of an aws-chunked body: each chunk's signature signs its data's SHA-256 and
 * the previous signature (the first chains from the request's seed signature), so chunks can
 * be neither altered, dropped, reordered nor replayed into another upload.
 */
public final class ChunkSignatureChain {

  private final byte[] signingKey;
  private final String amzDate;
  private final String scope;
  private String previous;

  public ChunkSignatureChain(byte[] signingKey, String amzDate, String scope, String seedSignature) {
    this.signingKey = signingKey;
    this.amzDate = amzDate;
    this.scope = scope;
    this.previous = seedSignature;
  }

  public static ChunkSignatureChain of(VerifiedSignature v) {
    return new ChunkSignatureChain(v.signingKey(), v.amzDate(), v.scope(), v.seedSignature());
  }

  /** Checks one chunk (the final empty chunk too) and advances the chain. */
  public void verifyChunk(String chunkSha256Hex, String provided) {
    String expected = SigV4Signer.signature(signingKey,
        SigV4Signer.chunkStringToSign(amzDate, scope, previous, chunkSha256Hex));
    if (!SigV4Signer.sameSignature(expected, provided)) {
      throw new S3Exception(S3ErrorCode.SignatureDoesNotMatch,
          "The chunk signature we calculated does not match the signature you provided (aws-chunked body).");
    }
    previous = expected;
  }

  /** Checks the signature of the trailing headers, chained to the final chunk's. */
  public void verifyTrailer(String trailerSha256Hex, String provided) {
    String expected = SigV4Signer.signature(signingKey,
        SigV4Signer.trailerStringToSign(amzDate, scope, previous, trailerSha256Hex));
    if (!SigV4Signer.sameSignature(expected, provided)) {
      throw new S3Exception(S3ErrorCode.SignatureDoesNotMatch,
          "The trailer signature we calculated does not match the signature you provided (x-amz-trailer-signature).");
    }
    previous = expected;
  }
}
