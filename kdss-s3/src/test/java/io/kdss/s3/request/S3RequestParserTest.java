package io.kdss.s3.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.sigv4.SignableRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Addressing, validation and operation tagging of requests. */
class S3RequestParserTest {

  private final S3RequestParser parser = new S3RequestParser(List.of("localhost", "s3.localhost", "s3.example.com"));

  private S3Request parse(String method, String host, String path, String query, String... headers) {
    Map<String, List<String>> h = new java.util.HashMap<>();
    h.put("host", List.of(host));
    for (int i = 0; i < headers.length; i += 2) {
      h.put(headers[i], List.of(headers[i + 1]));
    }
    return parser.parse(SignableRequest.of(method, path, query, h));
  }

  @ParameterizedTest(name = "{0} {1} -> bucket={2} key={3}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "127.0.0.1:9000|/|-|-",
      "127.0.0.1:9000|/bucket|bucket|-",
      "127.0.0.1:9000|/bucket/|bucket|-",
      "127.0.0.1:9000|/bucket/a/b.txt|bucket|a/b.txt",
      "127.0.0.1:9000|/bucket//lead|bucket|/lead",
      "127.0.0.1:9000|/bucket/sp%20ace+plus|bucket|sp ace+plus",
      "127.0.0.1:9000|/bucket/%E2%82%AC|bucket|€",
      "localhost:9000|/bucket/k|bucket|k",
      "s3.localhost|/bucket/k|bucket|k",
      "bucket.s3.localhost:9000|/k/x|bucket|k/x",
      "bucket.s3.localhost|/|bucket|-",
      "my.dotted.bucket.s3.example.com|/k|my.dotted.bucket|k",
      "bucket.localhost:9000|/k|bucket|k",
      "BUCKET.S3.LOCALHOST|/k|bucket|k",
      "[::1]:9000|/bucket/k|bucket|k",
      "other.host:9000|/bucket/k|bucket|k"})
  void addressing(String host, String path, String bucket, String key) {
    S3Request r = parse("GET", host, path, null);
    assertThat(r.bucket()).isEqualTo(bucket);
    assertThat(r.key()).isEqualTo(key);
  }

  @ParameterizedTest(name = "{0} {1}?{2} -> {3}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "GET|/|-|ListBuckets",
      "GET|/bk1|-|ListObjects",
      "GET|/bk1|list-type=2&prefix=a|ListObjectsV2",
      "GET|/bk1|location|GetBucketLocation",
      "GET|/bk1|versions|ListObjectVersions",
      "GET|/bk1|uploads|ListMultipartUploads",
      "GET|/bk1|policy|GetBucketPolicy",
      "PUT|/bk1|policy|PutBucketPolicy",
      "DELETE|/bk1|policy|DeleteBucketPolicy",
      "GET|/bk1|cors|GetBucketCors",
      "PUT|/bk1|cors|PutBucketCors",
      "DELETE|/bk1|cors|DeleteBucketCors",
      "GET|/bk1|tagging|GetBucketTagging",
      "GET|/bk1|versioning|GetBucketVersioning",
      "GET|/bk1|acl|GetBucketAcl",
      "GET|/bk1|lifecycle|GetBucketLifecycleConfiguration",
      "PUT|/bk1|lifecycle|Unsupported",
      "GET|/bk1|website|Unsupported",
      "PUT|/bk1|-|CreateBucket",
      "HEAD|/bk1|-|HeadBucket",
      "DELETE|/bk1|-|DeleteBucket",
      "POST|/bk1|delete|DeleteObjects",
      "OPTIONS|/bk1/k|-|Preflight",
      "GET|/bk1/k|-|GetObject",
      "HEAD|/bk1/k|-|HeadObject",
      "PUT|/bk1/k|-|PutObject",
      "DELETE|/bk1/k|-|DeleteObject",
      "GET|/bk1/k|tagging|GetObjectTagging",
      "PUT|/bk1/k|tagging|PutObjectTagging",
      "DELETE|/bk1/k|tagging|DeleteObjectTagging",
      "POST|/bk1/k|uploads|CreateMultipartUpload",
      "PUT|/bk1/k|partNumber=1&uploadId=u|UploadPart",
      "POST|/bk1/k|uploadId=u|CompleteMultipartUpload",
      "DELETE|/bk1/k|uploadId=u|AbortMultipartUpload",
      "GET|/bk1/k|uploadId=u|ListParts"})
  void operations(String method, String path, String query, S3Operation op) {
    assertThat(parse(method, "127.0.0.1", path, query).operation()).isEqualTo(op);
  }

  @Test
  void copySourceHeaderMakesCopies() {
    assertThat(parse("PUT", "h", "/bk1/k", null, "x-amz-copy-source", "/b0/src").operation())
        .isEqualTo(S3Operation.CopyObject);
    assertThat(parse("PUT", "h", "/bk1/k", "partNumber=2&uploadId=u", "x-amz-copy-source", "/b0/src").operation())
        .isEqualTo(S3Operation.UploadPartCopy);
  }

  @Test
  void methodsWithoutAnOperationAreMethodNotAllowed() {
    assertCode(() -> parse("PUT", "h", "/", null), S3ErrorCode.MethodNotAllowed);
    assertCode(() -> parse("PATCH", "h", "/bk1/k", null), S3ErrorCode.MethodNotAllowed);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"ab", "Upper", "under_score", "-start", "end-", "two..dots", "192.168.5.4",
      "xn--punycode", "sthree-x", "x-s3alias", "has space", "a234567890123456789012345678901234567890123456789012345678901234"})
  void invalidBucketNames(String name) {
    assertThat(BucketNames.problem(name)).isNotNull();
    assertCode(() -> parse("GET", "h", "/" + name.replace(" ", "%20") + "/k", null), S3ErrorCode.InvalidBucketName);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"abc", "my-bucket.v2", "123", "a23456789012345678901234567890123456789012345678901234567890123", "1.2.3",
      "dot.-hyphen", "my-.bucket", "a.-b"})
  void validBucketNames(String name) {
    assertThat(BucketNames.problem(name)).isNull();
  }

  @Test
  void keysOver1024BytesOfUtf8AreTooLong() {
    parse("GET", "h", "/bk1/" + "a".repeat(1024), null);
    assertCode(() -> parse("GET", "h", "/bk1/" + "a".repeat(1025), null), S3ErrorCode.KeyTooLongError);
    assertCode(() -> parse("GET", "h", "/bk1/" + "%C3%A9".repeat(513), null), S3ErrorCode.KeyTooLongError);
    assertCode(() -> parse("GET", "h", "/bk1/%FF", null), S3ErrorCode.InvalidURI);
  }

  private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, S3ErrorCode code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
