package io.kdss.s3.sigv4;

import static io.kdss.s3.sigv4.AwsExamples.CLOCK;
import static io.kdss.s3.sigv4.AwsExamples.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** AWS's published S3 SigV4 examples verify, and every way of breaking them is refused with the right code. */
class SigV4VerifierTest {

  private final SigV4Verifier verifier = new SigV4Verifier("us-east-1", CLOCK, SigV4Verifier.DEFAULT_MAX_SKEW,
      new SigningKeyCache());

  private VerifiedSignature verify(SignableRequest r) {
    return verifier.verify(r, SigV4Verifier.parse(r), SECRET_KEY);
  }

  @Test
  void awsGetObjectExampleVerifies() {
    VerifiedSignature v = verify(AwsExamples.getObject(AwsExamples.GET_OBJECT_SIGNATURE));
    assertThat(v.accessKeyId()).isEqualTo(AwsExamples.ACCESS_KEY);
    assertThat(v.payloadMode()).isEqualTo(PayloadMode.SIGNED);
    assertThat(v.declaredSha256()).isEqualTo(SigV4Signer.EMPTY_SHA256);
  }

  @Test
  void awsPutObjectExampleVerifies() {
    assertThat(verify(AwsExamples.putObject(AwsExamples.PUT_OBJECT_SIGNATURE)).declaredSha256())
        .isEqualTo("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  }

  @Test
  void awsBucketExamplesVerify() {
    verify(AwsExamples.getLifecycle(AwsExamples.GET_LIFECYCLE_SIGNATURE));
    verify(AwsExamples.listObjects(AwsExamples.LIST_OBJECTS_SIGNATURE));
  }

  @Test
  void awsPresignedExampleVerifiesWithinItsDay() {
    VerifiedSignature v = verify(AwsExamples.presignedGet(AwsExamples.PRESIGNED_SIGNATURE));
    assertThat(v.payloadMode()).isEqualTo(PayloadMode.UNSIGNED);
    SigV4Verifier late = new SigV4Verifier("us-east-1",
        Clock.fixed(Instant.parse("2013-05-24T23:59:59Z"), ZoneOffset.UTC), SigV4Verifier.DEFAULT_MAX_SKEW,
        new SigningKeyCache());
    SignableRequest r = AwsExamples.presignedGet(AwsExamples.PRESIGNED_SIGNATURE);
    late.verify(r, SigV4Verifier.parse(r), SECRET_KEY);
  }

  @Test
  void expiredPresignedUrlIsAccessDeniedRequestHasExpired() {
    SigV4Verifier later = new SigV4Verifier("us-east-1",
        Clock.fixed(Instant.parse("2013-05-25T00:00:01Z"), ZoneOffset.UTC), SigV4Verifier.DEFAULT_MAX_SKEW,
        new SigningKeyCache());
    SignableRequest r = AwsExamples.presignedGet(AwsExamples.PRESIGNED_SIGNATURE);
    assertThatThrownBy(() -> later.verify(r, SigV4Verifier.parse(r), SECRET_KEY))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.code().code()).isEqualTo("AccessDenied");
          assertThat(e.getMessage()).isEqualTo("Request has expired");
        });
  }

  @Test
  void awsChunkedSeedExampleVerifies() {
    VerifiedSignature v = verify(AwsExamples.chunkedPut(AwsExamples.CHUNKED_SEED_SIGNATURE));
    assertThat(v.payloadMode()).isEqualTo(PayloadMode.STREAMING_SIGNED);
    assertThat(v.seedSignature()).isEqualTo(AwsExamples.CHUNKED_SEED_SIGNATURE);
  }

  @Test
  void wrongSecretIsSignatureDoesNotMatchWithTheStringToSign() {
    SignableRequest r = AwsExamples.getObject(AwsExamples.GET_OBJECT_SIGNATURE);
    assertThatThrownBy(() -> verifier.verify(r, SigV4Verifier.parse(r), "not-the-secret"))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.code()).isEqualTo(S3ErrorCode.SignatureDoesNotMatch);
          assertThat(e.details().get("StringToSign")).startsWith("AWS4-HMAC-SHA256\n20130524T000000Z\n");
          assertThat(e.details().get("CanonicalRequest")).startsWith("GET\n/test.txt\n\nhost:");
        });
  }

  @Test
  void tamperedSignedHeaderIsSignatureDoesNotMatch() {
    SignableRequest good = AwsExamples.getObject(AwsExamples.GET_OBJECT_SIGNATURE);
    java.util.Map<String, java.util.List<String>> h = new java.util.HashMap<>(good.headers());
    h.put("range", java.util.List.of("bytes=0-10"));
    SignableRequest bad = new SignableRequest("GET", "/test.txt", good.query(), h);
    assertCode(() -> verify(bad), S3ErrorCode.SignatureDoesNotMatch);
  }

  @Test
  void clockSkewBeyondFifteenMinutesIsRequestTimeTooSkewed() {
    Function<String, SigV4Verifier> at = t -> new SigV4Verifier("us-east-1",
        Clock.fixed(Instant.parse(t), ZoneOffset.UTC), Duration.ofMinutes(15), new SigningKeyCache());
    SignableRequest r = AwsExamples.getObject(AwsExamples.GET_OBJECT_SIGNATURE);
    at.apply("2013-05-24T00:14:59Z").verify(r, SigV4Verifier.parse(r), SECRET_KEY);
    at.apply("2013-05-23T23:45:01Z").verify(r, SigV4Verifier.parse(r), SECRET_KEY);
    assertCode(() -> at.apply("2013-05-24T00:15:01Z").verify(r, SigV4Verifier.parse(r), SECRET_KEY),
        S3ErrorCode.RequestTimeTooSkewed);
  }

  @Test
  void wrongRegionIsAuthorizationHeaderMalformedNamingTheRegion() {
    SigV4Verifier eu = new SigV4Verifier("eu-west-1", CLOCK, SigV4Verifier.DEFAULT_MAX_SKEW, new SigningKeyCache());
    SignableRequest r = AwsExamples.getObject(AwsExamples.GET_OBJECT_SIGNATURE);
    assertThatThrownBy(() -> eu.verify(r, SigV4Verifier.parse(r), SECRET_KEY))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.code()).isEqualTo(S3ErrorCode.AuthorizationHeaderMalformed);
          assertThat(e.getMessage()).contains("'us-east-1' is wrong; expecting 'eu-west-1'");
        });
  }

  @Test
  void malformedHeadersAndQueriesAreRefusedWithTheirCodes() {
    assertCode(() -> AuthorizationHeader.parse("AWS4-HMAC-SHA256 Credential=AKID/2013/us-east-1/s3/aws4_request,"
        + "SignedHeaders=host,Signature=" + "0".repeat(64)), S3ErrorCode.AuthorizationHeaderMalformed);
    assertCode(() -> AuthorizationHeader.parse("AWS4-HMAC-SHA256 Credential=" + AwsExamples.CREDENTIAL
        + ",Signature=" + "0".repeat(64)), S3ErrorCode.AuthorizationHeaderMalformed);
    String longExpiry = AwsExamples.presignedGet("x").query().toString();
    assertThat(longExpiry).contains("86400");
    SignableRequest weekPlusOne = SignableRequest.of("GET", "/k", "X-Amz-Algorithm=AWS4-HMAC-SHA256"
        + "&X-Amz-Credential=" + AwsExamples.CREDENTIAL + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=604801"
        + "&X-Amz-SignedHeaders=host&X-Amz-Signature=00", AwsExamples.headers("Host", "h"));
    assertCode(() -> SigV4Verifier.parse(weekPlusOne), S3ErrorCode.AuthorizationQueryParametersError);
    SignableRequest v2 = SignableRequest.of("GET", "/k", null, AwsExamples.headers("Authorization", "AWS AKID:sig"));
    assertCode(() -> SigV4Verifier.parse(v2), S3ErrorCode.InvalidRequest);
    SignableRequest anonymous = SignableRequest.of("GET", "/k", "prefix=a", AwsExamples.headers("Host", "h"));
    assertThat(SigV4Verifier.parse(anonymous)).isNull();
  }

  @Test
  void unsignedAmzHeaderIsRefused() {
    SignableRequest good = AwsExamples.getObject(AwsExamples.GET_OBJECT_SIGNATURE);
    java.util.Map<String, java.util.List<String>> h = new java.util.HashMap<>(good.headers());
    h.put("x-amz-meta-sneaky", java.util.List.of("1"));
    SignableRequest bad = new SignableRequest("GET", "/test.txt", good.query(), h);
    assertThatThrownBy(() -> verify(bad)).isInstanceOfSatisfying(S3Exception.class,
        e -> assertThat(e.details().get("HeadersNotSigned")).isEqualTo("x-amz-meta-sneaky"));
  }

  @Test
  void signingKeysAreCachedPerScope() {
    SigningKeyCache cache = new SigningKeyCache();
    CredentialScope scope = CredentialScope.parse(AwsExamples.CREDENTIAL);
    byte[] a = cache.signingKey(SECRET_KEY, scope);
    assertThat(cache.signingKey(SECRET_KEY, scope)).isSameAs(a);
    assertThat(cache.signingKey("other", scope)).isNotEqualTo(a);
    assertThat(cache.size()).isEqualTo(2);
  }

  static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, S3ErrorCode code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
