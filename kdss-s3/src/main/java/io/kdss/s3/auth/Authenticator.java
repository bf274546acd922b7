package io.kdss.s3.auth;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.sigv4.SigV4Verifier;
import io.kdss.s3.sigv4.SignableRequest;
import io.kdss.s3.sigv4.SignatureV4;
import io.vertx.core.Future;

/** Finds who signed a request: parses its signature, looks the key up, verifies (SigV4 header or query). */
public final class Authenticator {

  private final AccessKeyStore keys;
  private final SigV4Verifier verifier;

  public Authenticator(AccessKeyStore keys, SigV4Verifier verifier) {
    this.keys = keys;
    this.verifier = verifier;
  }

  public Future<Caller> authenticate(SignableRequest r) {
    SignatureV4 sig;
    try {
      sig = SigV4Verifier.parse(r);
    } catch (S3Exception e) {
      return Future.failedFuture(e);
    }
    if (sig == null) {
      return Future.succeededFuture(Caller.ANONYMOUS);
    }
    String id = sig.credential().accessKeyId();
    return keys.find(id).compose(key -> {
      if (key == null) {
        return Future.failedFuture(new S3Exception(S3ErrorCode.InvalidAccessKeyId).detail("AWSAccessKeyId", id));
      }
      return Future.succeededFuture(new Caller(key, verifier.verify(r, sig, key.secretKey())));
    });
  }
}
