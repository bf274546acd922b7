package io.kdss.s3.auth;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.policy.BucketPolicy;
import io.kdss.s3.policy.PolicyParser;
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
      case "admin" -> new Caller(new AccessKey("AKADMIN", "s", "admin", true), null);
      default -> new Caller(new AccessKey("AK" + who, "s", who, false), null);
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
        "alice", withPolicy ? POLICY : null, Map.of());
    if (expected.equals("allowed")) {
      assertThatCode(check::run).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(check::run).isInstanceOfSatisfying(S3Exception.class,
          e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(S3ErrorCode.AccessDenied));
    }
  }
}
