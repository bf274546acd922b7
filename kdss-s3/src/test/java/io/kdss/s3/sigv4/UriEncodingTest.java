package io.kdss.s3.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.s3.error.S3ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Canonical URI and query encoding as AWS computes it for S3 (single encoding, no normalisation). */
class UriEncodingTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "/test.txt|/test.txt",
      "/test%24file.text|/test%24file.text",
      "/a b|/a%20b",
      "/a%20b|/a%20b",
      "/a+b|/a%2Bb",
      "/a%2Bb|/a%2Bb",
      "/tilde~star*|/tilde~star%2A",
      "/%E2%82%AC/caf%C3%A9|/%E2%82%AC/caf%C3%A9",
      "/bucket/a//b/../c/./d|/bucket/a//b/../c/./d",
      "/bucket/%2F|/bucket//",
      "''|/"})
  void canonicalUriEncodesOnceAndKeepsSegments(String raw, String canonical) {
    assertThat(CanonicalRequest.canonicalUri(raw)).isEqualTo(canonical);
  }

  @Test
  void canonicalQuerySortsEncodesAndKeepsEmptyValues() {
    List<QueryParam> q = QueryParam.parse("prefix=a+b&acl&max-keys=2&delimiter=%2F&x=%7E~*&uploads=&a=2&a=1");
    assertThat(CanonicalRequest.canonicalQuery(q, null))
        .isEqualTo("a=1&a=2&acl=&delimiter=%2F&max-keys=2&prefix=a%20b&uploads=&x=~~%2A");
  }

  @Test
  void unicodeIsEncodedAsUtf8Bytes() {
    assertThat(UriEncoding.encode("日本/ü", true)).isEqualTo("%E6%97%A5%E6%9C%AC/%C3%BC");
    assertThat(UriEncoding.encode("日本/ü", false)).isEqualTo("%E6%97%A5%E6%9C%AC%2F%C3%BC");
    assertThat(UriEncoding.decode("%E6%97%A5%E6%9C%AC", false)).isEqualTo("日本");
    assertThat(UriEncoding.decode("😀+", false)).isEqualTo("😀+");
    assertThat(UriEncoding.decode("a+b", true)).isEqualTo("a b");
  }

  @Test
  void badEscapesAreInvalidUri() {
    SigV4VerifierTest.assertCode(() -> UriEncoding.decode("%zz", false), S3ErrorCode.InvalidURI);
    SigV4VerifierTest.assertCode(() -> UriEncoding.decode("abc%4", false), S3ErrorCode.InvalidURI);
    SigV4VerifierTest.assertCode(() -> UriEncoding.decode("%C3%28", false), S3ErrorCode.InvalidURI);
  }
}
