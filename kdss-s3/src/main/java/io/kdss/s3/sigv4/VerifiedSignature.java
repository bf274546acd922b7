package io.kdss.s3.sigv4;

/**
 * A request whose signature checked out: who signed it, and what the body stages need to go on
 * verifying (the payload mode, the declared SHA-256 when {@link PayloadMode#SIGNED}, and for
 * signed aws-chunked bodies the seed signature, timestamp, scope and signing key the chunk
 * signatures chain from).
 */
public record VerifiedSignature(String accessKeyId, PayloadMode payloadMode, String declaredSha256,
    String amzDate, String scope, String seedSignature, byte[] signingKey) {
}
