package io.kdss.s3.sigv4;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.util.List;

/**
 * The SigV4 parameters of a presigned URL: {@code X-Amz-Algorithm}, {@code X-Amz-Credential},
 * {@code X-Amz-Date}, {@code X-Amz-Expires} (seconds, 1..604800), {@code X-Amz-SignedHeaders},
 * {@code X-Amz-Signature}.
 */
public record PresignedQuery(CredentialScope credential, String amzDate, long expiresSeconds,
    List<String> signedHeaders, String signature) implements SignatureV4 {

  /** A presigned URL lives at most seven days. */
  public static final long MAX_EXPIRES_SECONDS = 604_800;
  public static final String SIGNATURE_PARAM = "X-Amz-Signature";

  public static boolean isV4(SignableRequest r) {
    return r.hasQuery("X-Amz-Algorithm") || r.hasQuery("X-Amz-Signature") || r.hasQuery("X-Amz-Credential");
  }

  public static PresignedQuery parse(SignableRequest r) {
    String algorithm = r.queryParam("X-Amz-Algorithm");
    String credential = r.queryParam("X-Amz-Credential");
    String date = r.queryParam("X-Amz-Date");
    String expires = r.queryParam("X-Amz-Expires");
    String signedHeaders = r.queryParam("X-Amz-SignedHeaders");
    String signature = r.queryParam(SIGNATURE_PARAM);
    if (algorithm == null || credential == null || date == null || expires == null || signedHeaders == null
        || signature == null) {
      throw error("Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential,"
          + " X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
    }
    if (!SigV4Signer.ALGORITHM.equals(algorithm)) {
      throw error("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
    }
    CredentialScope scope = CredentialScope.parse(credential);
    if (scope == null) {
      throw error("Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting"
          + " \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
    }
    long seconds;
    try {
      seconds = Long.parseLong(expires);
    } catch (NumberFormatException e) {
      throw error("X-Amz-Expires should be a number");
    }
    if (seconds < 1) {
      throw error("X-Amz-Expires must be non-negative");
    }
    if (seconds > MAX_EXPIRES_SECONDS) {
      throw error("X-Amz-Expires must be less than a week (in seconds) that is 604800");
    }
    AmzDates.parseAmzDate(date, S3ErrorCode.AuthorizationQueryParametersError);
    return new PresignedQuery(scope, date, seconds, AuthorizationHeader.splitSignedHeaders(signedHeaders), signature);
  }

  private static S3Exception error(String message) {
    return new S3Exception(S3ErrorCode.AuthorizationQueryParametersError, message);
  }
}
