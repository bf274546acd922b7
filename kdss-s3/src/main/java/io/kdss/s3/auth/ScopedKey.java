package io.kdss.s3.auth;

import io.kdss.s3.sigv4.CredentialScope;

/**
 * An access key's owner and the SigV4 signing key of one credential scope (day, region,
 * service): all a gateway needs to verify a request, header or presigned, and the chunk
 * signatures of its body.
 */
public record ScopedKey(AccessKey key, CredentialScope scope, byte[] signingKey) {
}
