package io.kdss.s3.sigv4;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Verifies SigV4 signatures the way S3 does, in three steps so the key lookup (asynchronous, at
 * the masters) sits between them and happens only for requests that could be valid:
 * {@link #parse} finds which signature the request carries (none: anonymous), {@link #prepare}
 * makes every check that needs no key (scope, clock skew, expiry, signed headers) and builds the
 * string to sign, and {@link Prepared#verify} checks the signature with the credential scope's
 * signing key. The gateway never needs the secret itself: the masters derive that key.
 */
public final class SigV4Verifier {

  /** S3 refuses requests whose time is further than this from the server's. */
  public static final Duration DEFAULT_MAX_SKEW = Duration.ofMinutes(15);
  public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

  private final String region;
  private final Clock clock;
  private final Duration maxSkew;
  private final SigningKeyCache keys;

  public SigV4Verifier(String region, Clock clock, Duration maxSkew, SigningKeyCache keys) {
    this.region = region;
    this.clock = clock;
    this.maxSkew = maxSkew;
    this.keys = keys;
  }

  /** The signature the request carries, or null for an anonymous request. */
  public static SignatureV4 parse(SignableRequest r) {
    String auth = r.header("authorization");
    if (auth != null) {
      if (AuthorizationHeader.isV4(auth)) {
        if (PresignedQuery.isV4(r)) {
          throw new S3Exception(S3ErrorCode.InvalidArgument,
              "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header"
                  + " should be specified");
        }
        return AuthorizationHeader.parse(auth);
      }
      if (auth.startsWith("AWS ")) {
        throw new S3Exception(S3ErrorCode.InvalidRequest,
            "Signature Version 2 is not supported; please use AWS4-HMAC-SHA256 (Signature Version 4).");
      }
      throw new S3Exception(S3ErrorCode.AuthorizationHeaderMalformed,
          "The authorization header is malformed; it must start with 'AWS4-HMAC-SHA256 '.");
    }
    if (PresignedQuery.isV4(r)) {
      return PresignedQuery.parse(r);
    }
    if (r.hasQuery("AWSAccessKeyId") && r.hasQuery("Signature")) {
      throw new S3Exception(S3ErrorCode.InvalidRequest,
          "Signature Version 2 presigned URLs are not supported; presign with AWS4-HMAC-SHA256.");
    }
    return null;
  }

  /**
   * A request whose key-independent checks passed: what remains is comparing its signature
   * with the one the signing key of {@link #scope()} gives.
   */
  public record Prepared(SignatureV4 signature, String canonicalRequest, String stringToSign, PayloadMode mode,
      String declaredSha256, String amzDate) {

    public CredentialScope scope() {
      return signature.credential();
    }

    /** Checks the signature with the scope's signing key; SignatureDoesNotMatch otherwise. */
    public VerifiedSignature verify(byte[] signingKey) {
      String expected = SigV4Signer.signature(signingKey, stringToSign);
      if (!SigV4Signer.sameSignature(expected, signature.signature())) {
        throw new S3Exception(S3ErrorCode.SignatureDoesNotMatch)
            .detail("AWSAccessKeyId", signature.credential().accessKeyId())
            .detail("StringToSign", stringToSign)
            .detail("SignatureProvided", signature.signature())
            .detail("CanonicalRequest", canonicalRequest);
      }
      return new VerifiedSignature(signature.credential().accessKeyId(), mode, declaredSha256, amzDate,
          signature.credential().scope(), signature.signature(), signingKey);
    }
  }

  /** Every check that needs no key; throws the S3 error of the first that fails. */
  public Prepared prepare(SignableRequest r, SignatureV4 sig) {
    return switch (sig) {
      case AuthorizationHeader h -> prepareHeader(r, h);
      case PresignedQuery q -> prepareQuery(r, q);
    };
  }

  /** {@link #prepare} and {@link Prepared#verify} with a key derived from {@code secretKey} (tests, tools). */
  public VerifiedSignature verify(SignableRequest r, SignatureV4 sig, String secretKey) {
    Prepared p = prepare(r, sig);
    return p.verify(keys.signingKey(secretKey, p.scope()));
  }

  private Prepared prepareHeader(SignableRequest r, AuthorizationHeader h) {
    checkScope(h.credential(), S3ErrorCode.AuthorizationHeaderMalformed, "The authorization header is malformed; ");
    String amzDate = r.header("x-amz-date");
    Instant time;
    if (amzDate != null) {
      time = AmzDates.parseAmzDate(amzDate, S3ErrorCode.AccessDenied);
    } else {
      String date = r.header("date");
      if (date == null) {
        throw new S3Exception(S3ErrorCode.AccessDenied,
            "AWS authentication requires a valid Date or x-amz-date header");
      }
      time = parseHttpDate(date);
      amzDate = AmzDates.format(time);
    }
    checkSkew(time);
    if (!amzDate.startsWith(h.credential().date())) {
      throw new S3Exception(S3ErrorCode.AuthorizationHeaderMalformed,
          "The authorization header is malformed; Invalid credential date \"" + h.credential().date()
              + "\". This date is not the same as X-Amz-Date: \"" + amzDate.substring(0, 8) + "\".");
    }
    checkSignedHeaders(r, h.signedHeaders(), true);
    String contentSha256 = r.header("x-amz-content-sha256");
    if (contentSha256 == null) {
      throw new S3Exception(S3ErrorCode.InvalidRequest,
          "Missing required header for this request: x-amz-content-sha256");
    }
    PayloadMode mode = PayloadMode.of(contentSha256);
    String canonical = CanonicalRequest.build(r, h.signedHeaders(), contentSha256, null);
    return new Prepared(h, canonical, SigV4Signer.stringToSign(amzDate, h.credential().scope(), canonical), mode,
        mode == PayloadMode.SIGNED ? contentSha256 : null, amzDate);
  }

  private Prepared prepareQuery(SignableRequest r, PresignedQuery q) {
    checkScope(q.credential(), S3ErrorCode.AuthorizationQueryParametersError,
        "Error parsing the X-Amz-Credential parameter; ");
    Instant signed = AmzDates.parseAmzDate(q.amzDate(), S3ErrorCode.AuthorizationQueryParametersError);
    Instant now = clock.instant();
    if (signed.isAfter(now.plus(maxSkew))) {
      throw new S3Exception(S3ErrorCode.AccessDenied, "Request is not valid yet");
    }
    if (now.isAfter(signed.plusSeconds(q.expiresSeconds()))) {
      throw new S3Exception(S3ErrorCode.RequestExpired).detail("X-Amz-Expires", Long.toString(q.expiresSeconds()))
          .detail("Expires", signed.plusSeconds(q.expiresSeconds()).toString()).detail("ServerTime", now.toString());
    }
    if (!q.amzDate().startsWith(q.credential().date())) {
      throw new S3Exception(S3ErrorCode.AuthorizationQueryParametersError,
          "Invalid credential date \"" + q.credential().date() + "\". This date is not the same as X-Amz-Date.");
    }
    checkSignedHeaders(r, q.signedHeaders(), false);
    String payload = r.queryParam("X-Amz-Content-Sha256");
    if (payload == null) {
      payload = UNSIGNED_PAYLOAD;
    }
    PayloadMode mode = PayloadMode.of(payload);
    String canonical = CanonicalRequest.build(r, q.signedHeaders(), payload, PresignedQuery.SIGNATURE_PARAM);
    return new Prepared(q, canonical, SigV4Signer.stringToSign(q.amzDate(), q.credential().scope(), canonical), mode,
        mode == PayloadMode.SIGNED ? payload : null, q.amzDate());
  }

  private void checkScope(CredentialScope c, S3ErrorCode code, String prefix) {
    if (!region.equals(c.region())) {
      throw new S3Exception(code, prefix + "the region '" + c.region() + "' is wrong; expecting '" + region + "'")
          .detail("Region", region);
    }
    if (!"s3".equals(c.service())) {
      throw new S3Exception(code, prefix + "incorrect service \"" + c.service() + "\". This endpoint belongs to \"s3\".");
    }
  }

  private void checkSkew(Instant requestTime) {
    Instant now = clock.instant();
    if (Duration.between(requestTime, now).abs().compareTo(maxSkew) > 0) {
      throw new S3Exception(S3ErrorCode.RequestTimeTooSkewed)
          .detail("RequestTime", requestTime.toString())
          .detail("ServerTime", now.toString())
          .detail("MaxAllowedSkewMilliseconds", Long.toString(maxSkew.toMillis()));
    }
  }

  /** host must be signed; with header auth every x-amz-* header sent must be signed too. */
  private static void checkSignedHeaders(SignableRequest r, List<String> signed, boolean allAmzHeaders) {
    if (!signed.contains("host")) {
      throw new S3Exception(S3ErrorCode.AccessDenied, "The host header must be signed (SignedHeaders lacks 'host').");
    }
    if (!allAmzHeaders) {
      return;
    }
    List<String> unsigned = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : r.headers().entrySet()) {
      if (e.getKey().startsWith("x-amz-") && !signed.contains(e.getKey())) {
        unsigned.add(e.getKey());
      }
    }
    if (!unsigned.isEmpty()) {
      throw new S3Exception(S3ErrorCode.AccessDenied, "There were headers present in the request which were not signed")
          .detail("HeadersNotSigned", String.join(", ", unsigned));
    }
  }

  private static Instant parseHttpDate(String date) {
    try {
      return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).withZoneSameInstant(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new S3Exception(S3ErrorCode.AccessDenied, "AWS authentication requires a valid Date or x-amz-date header");
    }
  }
}
