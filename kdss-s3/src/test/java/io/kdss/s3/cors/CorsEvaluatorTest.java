package io.kdss.s3.cors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Preflight and actual-request CORS headers from a two-rule configuration. */
class CorsEvaluatorTest {

  private static final CorsConfiguration CONFIG = new CorsConfiguration(List.of(
      new CorsRule("app", List.of("https://*.example.com"), List.of("GET", "PUT"), List.of("content-type", "x-amz-*"),
          List.of("ETag"), 600),
      new CorsRule("public", List.of("*"), List.of("GET"), List.of(), List.of(), -1)));

  @ParameterizedTest(name = "{0} {1} [{2}] -> {3}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "https://app.example.com|PUT|Content-Type, X-Amz-Date|https://app.example.com",
      "https://app.example.com|GET|-|https://app.example.com",
      "https://other.org|GET|-|*",
      "https://other.org|PUT|-|DENIED",
      "https://app.example.com|PUT|authorization|DENIED",
      "https://app.example.com|DELETE|-|DENIED"})
  void preflight(String origin, String method, String headers, String allowOrigin) {
    if (allowOrigin.equals("DENIED")) {
      assertThatThrownBy(() -> CorsEvaluator.preflight(CONFIG, origin, method, headers))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(S3ErrorCode.AccessForbidden));
      return;
    }
    Map<String, String> h = CorsEvaluator.preflight(CONFIG, origin, method, headers);
    assertThat(h).containsEntry("Access-Control-Allow-Origin", allowOrigin);
    if (allowOrigin.equals("*")) {
      assertThat(h).doesNotContainKey("Access-Control-Allow-Credentials").doesNotContainKey("Access-Control-Max-Age");
    } else {
      assertThat(h).containsEntry("Access-Control-Allow-Methods", "GET, PUT").containsEntry("Access-Control-Max-Age", "600")
          .containsEntry("Access-Control-Expose-Headers", "ETag").containsEntry("Access-Control-Allow-Credentials", "true");
    }
    if (headers != null) {
      assertThat(h).containsEntry("Access-Control-Allow-Headers", "content-type, x-amz-date");
    }
  }

  @Test
  void preflightNeedsOriginMethodAndAConfiguration() {
    assertCode(() -> CorsEvaluator.preflight(CONFIG, null, "GET", null), S3ErrorCode.BadRequest);
    assertCode(() -> CorsEvaluator.preflight(CONFIG, "https://a.example.com", "PATCH", null), S3ErrorCode.BadRequest);
    assertCode(() -> CorsEvaluator.preflight(null, "https://a.example.com", "GET", null), S3ErrorCode.AccessForbidden);
  }

  @Test
  void actualRequestsGetHeadersOnlyWhenARuleFits() {
    assertThat(CorsEvaluator.actual(CONFIG, "https://x.example.com", "PUT"))
        .containsEntry("Access-Control-Allow-Origin", "https://x.example.com").containsEntry("Vary", "Origin");
    assertThat(CorsEvaluator.actual(CONFIG, "https://x.org", "PUT")).isEmpty();
    assertThat(CorsEvaluator.actual(CONFIG, null, "GET")).isEmpty();
    assertThat(CorsEvaluator.actual(null, "https://x.org", "GET")).isEmpty();
  }

  private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, S3ErrorCode code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
