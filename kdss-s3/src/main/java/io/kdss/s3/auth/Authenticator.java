package io.kdss.s3.auth;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.sigv4.SigV4Verifier;
import io.kdss.s3.sigv4.SignableRequest;
import io.kdss.s3.sigv4.SignatureV4;
import io.vertx.core.Future;

/**
 * Finds who signed a request: parses its signature (SigV4 header or query), makes the checks
 * that need no key, looks the key up for the signature's scope, and verifies.
 */
public final class Authenticator {

  private final AccessKeyStore keys;
  private final SigV4Verifier verifier;

  public Authenticator(AccessKeyStore keys, SigV4Verifier verifier) {
    this.keys = keys;
    this.verifier = verifier;
  }

  public Future<Caller> authenticate(SignableRequest r) {
    SignatureV4 sig;
    SigV4Verifier.Prepared prepared;
    try {
      sig = SigV4Verifier.parse(r);
      if (sig == null) {
        return Future.succeededFuture(Caller.ANONYMOUS);
      }
      prepared = verifier.prepare(r, sig);
    } catch (S3Exception e) {
      return Future.failedFuture(e);
    }
    String id = sig.credential().accessKeyId();
    return keys.find(id, sig.credential()).compose(found -> {
      if (found == null) {
        return Future.failedFuture(new S3Exception(S3ErrorCode.InvalidAccessKeyId).detail("AWSAccessKeyId", id));
      }
      return Future.succeededFuture(new Caller(found.key(), prepared.verify(found.signingKey())));
    });
  }
}
