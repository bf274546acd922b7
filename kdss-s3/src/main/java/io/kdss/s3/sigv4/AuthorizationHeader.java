package io.kdss.s3.sigv4;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Authorization: AWS4-HMAC-SHA256 Credential=AKID/20130524/us-east-1/s3/aws4_request,
 * SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=hex}, parsed.
 */
public record AuthorizationHeader(CredentialScope credential, List<String> signedHeaders, String signature)
    implements SignatureV4 {

  public static final String PREFIX = SigV4Signer.ALGORITHM + " ";

  public static boolean isV4(String header) {
    return header != null && header.startsWith(PREFIX);
  }

  public static AuthorizationHeader parse(String header) {
    Map<String, String> parts = new HashMap<>();
    for (String part : header.substring(PREFIX.length()).split(",")) {
      String p = part.strip();
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw malformed("the component '" + p + "' is not name=value");
      }
      parts.put(p.substring(0, eq), p.substring(eq + 1));
    }
    String credential = parts.get("Credential");
    String signedHeaders = parts.get("SignedHeaders");
    String signature = parts.get("Signature");
    if (credential == null || signedHeaders == null || signature == null) {
      throw malformed("it must carry Credential, SignedHeaders and Signature");
    }
    CredentialScope scope = CredentialScope.parse(credential);
    if (scope == null) {
      throw malformed("the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\"");
    }
    if (!signature.matches("[0-9a-f]{64}")) {
      throw malformed("the Signature must be 64 lower-case hex digits");
    }
    return new AuthorizationHeader(scope, splitSignedHeaders(signedHeaders), signature);
  }

  static List<String> splitSignedHeaders(String s) {
    if (s.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(s.split(";")).map(String::strip).toList();
  }

  private static S3Exception malformed(String why) {
    return new S3Exception(S3ErrorCode.AuthorizationHeaderMalformed, "The authorization header is malformed; " + why + ".");
  }
}
