package io.kdss.s3.range;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Range header table: what S3 serves for each form, on a 100-byte object unless said. */
class ByteRangeTest {

  @ParameterizedTest(name = "{0} of {1} bytes -> {2}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "bytes=0-9|100|0-9",
      "bytes=10-|100|10-99",
      "bytes=-10|100|90-99",
      "bytes=-1000|100|0-99",
      "bytes=50-1000|100|50-99",
      "bytes=99-99|100|99-99",
      "BYTES=1-2|100|1-2",
      "bytes = 1-2|100|whole",
      "bytes=0-0,5-9|100|whole",
      "bytes=abc|100|whole",
      "bytes=5-2|100|whole",
      "items=0-9|100|whole",
      "bytes=-|100|whole",
      "null|100|whole",
      "bytes=0-|1|0-0"})
  void servedRange(String header, long size, String expected) {
    ByteRange r = ByteRange.parse(header, size);
    assertThat(r == null ? "whole" : r.first() + "-" + r.last()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} of {1} bytes -> 416")
  @CsvSource(delimiter = '|', value = {"bytes=100-|100", "bytes=100-200|100", "bytes=-0|100", "bytes=0-|0",
      "bytes=-5|0"})
  void unsatisfiableRangeIsInvalidRangeWithContentRange(String header, long size) {
    assertThatThrownBy(() -> ByteRange.parse(header, size)).isInstanceOfSatisfying(S3Exception.class, e -> {
      assertThat(e.code()).isEqualTo(S3ErrorCode.InvalidRange);
      assertThat(e.code().httpStatus()).isEqualTo(416);
      assertThat(e.headers()).containsEntry("Content-Range", "bytes */" + size);
    });
  }

  @ParameterizedTest(name = "copy {0} of {1} bytes -> {2}")
  @CsvSource(delimiter = '|', value = {
      "bytes=0-9|100|0-9",
      "bytes=99-99|100|99-99",
      "bytes=0-99|100|0-99",
      " bytes=5-6 |100|5-6",
      "bytes=0-100|100|InvalidRange",
      "bytes=5-2|100|InvalidRange",
      "bytes=0-0|0|InvalidRange",
      "bytes=abc|100|InvalidArgument",
      "bytes=0-|100|InvalidArgument",
      "bytes=-10|100|InvalidArgument",
      "bytes=0-2,3-5|100|InvalidArgument",
      "0-2|100|InvalidArgument",
      "bytes=0|100|InvalidArgument",
      "bytes=0-1234567890123456789|100|InvalidArgument"})
  void copySourceRangeIsStrict(String header, long size, String expected) {
    String got;
    try {
      ByteRange r = ByteRange.parseCopySource(header, size);
      got = r.first() + "-" + r.last();
    } catch (S3Exception e) {
      got = e.code().name();
      if (e.code() == S3ErrorCode.InvalidArgument) {
        assertThat(e.details()).containsEntry("ArgumentName", "x-amz-copy-source-range");
      }
    }
    assertThat(got).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"bytes=0-9|bytes 0-9/100|10", "bytes=-1|bytes 99-99/100|1"})
  void contentRangeAndLength(String header, String contentRange, long length) {
    ByteRange r = ByteRange.parse(header, 100);
    assertThat(r.contentRange(100)).isEqualTo(contentRange);
    assertThat(r.length()).isEqualTo(length);
  }
}
