package io.kdss.s3.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WriteConditionTest {

  @Test
  void noHeaderIsNoCondition() {
    assertThat(WriteCondition.of(null, null)).isSameAs(WriteCondition.NONE);
    assertThat(WriteCondition.NONE.conditional()).isFalse();
  }

  @Test
  void ifNoneMatchStarAndIfMatchWithOneEtag() {
    assertThat(WriteCondition.of(" * ", null)).isEqualTo(new WriteCondition(true, null));
    assertThat(WriteCondition.of(null, "\"0A1B\"")).as("quotes dropped, hex lower-cased")
        .isEqualTo(new WriteCondition(false, "0a1b"));
    assertThat(WriteCondition.of(null, "abc-2")).isEqualTo(new WriteCondition(false, "abc-2"));
    assertThat(WriteCondition.of("*", "\"e\"").conditional()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"abc\"|", "W/\"abc\"|", "abc, def|",
      "|*", "|\"a\", \"b\"", "|W/\"abc\"", "|\"\""})
  void anythingElseIsNotImplemented(String ifNoneMatch, String ifMatch) {
    assertThatThrownBy(() -> WriteCondition.of(ifNoneMatch, ifMatch)).isInstanceOfSatisfying(S3Exception.class,
        e -> assertThat(e.code()).isEqualTo(S3ErrorCode.NotImplemented));
  }
}
