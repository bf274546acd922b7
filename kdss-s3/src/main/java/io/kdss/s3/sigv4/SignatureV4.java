package io.kdss.s3.sigv4;

import java.util.List;

/** A parsed SigV4 signature, from the Authorization header or from a presigned URL's query. */
public sealed interface SignatureV4 permits AuthorizationHeader, PresignedQuery {

  CredentialScope credential();

  /** Lower-case header names in the order the client listed them (sorted, by the spec). */
  List<String> signedHeaders();

  /** The hex signature the client sent. */
  String signature();
}
