package io.kdss.s3.auth;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.policy.BucketPolicy;
import io.kdss.policy.PolicyParser;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who may act on bucket "bkt" owned by alice, with no policy or with one that allows everyone
 * to read and denies everyone deletes: explicit Deny beats owner rights, Allow opens to others.
 */
class RequestAuthorizerTest {

  private static final BucketPolicy POLICY = PolicyParser.parse("""
      {"Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bkt/*"},
        {"Effect": "Deny", "Principal": "*", "Action": ["s3:DeleteObject", "s3:PutBucketPolicy"], "Resource": "*"}]}""",
      "bkt");

  private static Caller caller(String who) {
    return switch (who) {
      case "anonymous" -> Caller.ANONYMOUS;
      case "admin" -> new Caller(new AccessKey("AKADMIN", "admin", true, ""), null);
      default -> new Caller(new AccessKey("AK" + who, who, false, ""), null);
    };
  }

  @ParameterizedTest(name = "{0} {1} policy={2} -> {3}")
  @CsvSource({
      "alice, s3:GetObject, false, allowed",
      "alice, s3:DeleteObject, false, allowed",
      "bob, s3:GetObject, false, denied",
      "anonymous, s3:GetObject, false, denied",
      "admin, s3:DeleteObject, false, allowed",
      "bob, s3:GetObject, true, allowed",
      "anonymous, s3:GetObject, true, allowed",
      "anonymous, s3:PutObject, true, denied",
      "alice, s3:DeleteObject, true, denied",
      "admin, s3:DeleteObject, true, denied",
      "alice, s3:PutBucketPolicy, true, denied",
      "admin, s3:PutBucketPolicy, true, allowed",
      "admin, s3:GetBucketPolicy, false, allowed",
      "bob, s3:GetBucketPolicy, false, denied"})
  void decisions(String who, String action, boolean withPolicy, String expected) {
    Runnable check = () -> RequestAuthorizer.check(caller(who), action, "bkt", action.contains("Object") ? "k" : null,
        "alice", withPolicy ? POLICY : null, null, Map.of());
    if (expected.equals("allowed")) {
      assertThatCode(check::run).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(check::run).isInstanceOfSatisfying(S3Exception.class,
          e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(S3ErrorCode.AccessDenied));
    }
  }

  /** Carol's identity policy lets her read photos/* of any bucket and denies every delete. */
  private static final BucketPolicy CAROL = PolicyParser.parseIdentity("""
      {"Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::*/photos/*", "arn:aws:s3:::bkt"]},
        {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}]}""");

  @ParameterizedTest(name = "carol {0} {1} bucket policy={2} -> {3}")
  @CsvSource({
      "s3:GetObject, photos/a.jpg, false, allowed",
      "s3:GetObject, docs/a.txt, false, denied",
      "s3:ListBucket, -, false, allowed",
      "s3:PutObject, photos/a.jpg, false, denied",
      "s3:GetObject, docs/a.txt, true, allowed",
      "s3:DeleteObject, photos/a.jpg, true, denied"})
  void identityPoliciesCombineWithBucketPolicies(String action, String key, boolean withPolicy, String expected) {
    BucketPolicy bucketPolicy = PolicyParser.parse("""
        {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "carol"}, "Action": ["s3:GetObject", "s3:DeleteObject"],
          "Resource": "arn:aws:s3:::bkt/*"}]}""", "bkt");
    Runnable check = () -> RequestAuthorizer.check(caller("carol"), action, "bkt", key.equals("-") ? null : key, "alice",
        withPolicy ? bucketPolicy : null, CAROL, Map.of());
    if (expected.equals("allowed")) {
      assertThatCode(check::run).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(check::run).isInstanceOfSatisfying(S3Exception.class,
          e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(S3ErrorCode.AccessDenied));
    }
  }
}
