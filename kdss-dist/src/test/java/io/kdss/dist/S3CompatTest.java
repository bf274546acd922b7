package io.kdss.dist;

import static io.kdss.dist.S3ObjectsTest.assertCode;
import static io.kdss.dist.S3ObjectsTest.random;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.s3.conditional.HttpDates;
import io.kdss.s3.sigv4.AmzDates;
import io.kdss.s3.sigv4.CanonicalRequest;
import io.kdss.s3.sigv4.SigV4Signer;
import io.kdss.s3.sigv4.SignableRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.TaggingDirective;
import software.amazon.awssdk.services.s3.model.Type;

/**
 * The S3 behaviours of the compatibility review (docs: review-s3, findings 3 to 14), through the
 * real AWS SDK v2 against an in-process cluster: Date on every answer, tags carried by copies and
 * multipart uploads, a full-object checksum on completion, copy-source If-Modified-Since, the ACL
 * grantee's xsi:type, server-side encryption refused, strict copy-source ranges, re-creating an
 * owned bucket in us-east-1, bucket names with ".-", GET ?lifecycle, carriage returns in listed keys.
 */
@Timeout(300)
class S3CompatTest {

  static final int MIB = 1024 * 1024;
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir
  static Path data;
  static S3Cluster cluster;
  static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    cluster = new S3Cluster(data);
    s3 = cluster.s3Admin();
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
    cluster.close();
  }

  static Map<String, String> tags(String bucket, String key) {
    Map<String, String> out = new LinkedHashMap<>();
    s3.getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet().forEach(t -> out.put(t.key(), t.value()));
    return out;
  }

  static S3Exception failure(Runnable call) {
    try {
      call.run();
    } catch (S3Exception e) {
      return e;
    }
    throw new AssertionError("the call did not fail");
  }

  /**
   * A request with an empty body signed by hand (SigV4, header auth), with {@code extra} headers
   * signed too: for what the SDK will not send (bucket names it refuses) or will not show (the
   * error document's extra elements).
   */
  static HttpResponse<String> signed(String method, String path, String query, Map<String, String> extra)
      throws Exception {
    String amzDate = AmzDates.format(Instant.now());
    String date = amzDate.substring(0, 8);
    String scope = date + "/us-east-1/s3/aws4_request";
    URI uri = URI.create(cluster.endpoint() + path + (query == null ? "" : "?" + query));
    Map<String, String> headers = new TreeMap<>(extra);
    headers.put("host", uri.getHost() + ":" + uri.getPort());
    headers.put("x-amz-date", amzDate);
    headers.put("x-amz-content-sha256", SigV4Signer.EMPTY_SHA256);
    Map<String, List<String>> signable = new TreeMap<>();
    headers.forEach((k, v) -> signable.put(k, List.of(v)));
    List<String> names = List.copyOf(headers.keySet());
    String canonical = CanonicalRequest.build(SignableRequest.of(method, uri.getRawPath(), query, signable), names,
        SigV4Signer.EMPTY_SHA256, null);
    byte[] key = SigV4Signer.signingKey(cluster.admin.secretAccessKey(), date, "us-east-1", "s3");
    String signature = SigV4Signer.signature(key, SigV4Signer.stringToSign(amzDate, scope, canonical));
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody())
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + cluster.admin.accessKeyId() + "/" + scope
            + ", SignedHeaders=" + String.join(";", names) + ", Signature=" + signature);
    headers.forEach((k, v) -> {
      if (!k.equals("host")) {
        req.header(k, v);
      }
    });
    return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A Date header within a minute of now, in IMF-fixdate. */
  static void assertDate(Optional<String> date) {
    assertThat(date).as("Date header").isPresent();
    Instant t = HttpDates.parse(date.get());
    assertThat(t).as("IMF-fixdate: " + date.get()).isNotNull();
    assertThat(Duration.between(t, Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
    assertThat(HttpDates.format(t)).isEqualTo(date.get());
  }

  @Test
  void everyAnswerCarriesADateErrorsIncluded() throws Exception {
    s3.createBucket(b -> b.bucket("dated"));
    assertDate(s3.headBucket(b -> b.bucket("dated")).sdkHttpResponse().firstMatchingHeader("Date"));
    SdkHttpResponse missing = failure(() -> s3.getObject(b -> b.bucket("dated").key("none")))
        .awsErrorDetails().sdkHttpResponse();
    assertThat(missing.statusCode()).isEqualTo(404);
    assertDate(missing.firstMatchingHeader("Date"));
    HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(cluster.endpoint() + "/")).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(403);
    assertDate(anonymous.headers().firstValue("Date"));
    HttpResponse<String> unparsable = HTTP.send(HttpRequest.newBuilder(URI.create(cluster.endpoint() + "/Bad_Name/k"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(unparsable.body()).contains("<Code>InvalidBucketName</Code>");
    assertDate(unparsable.headers().firstValue("Date"));
  }

  @Test
  void copiesCarryTheSourceTagsUnlessReplacedAndMultipartUploadsKeepTheirs() throws Exception {
    s3.createBucket(b -> b.bucket("tagged"));
    s3.putObject(b -> b.bucket("tagged").key("src").tagging("a=1&b=two%20words"), RequestBody.fromString("tagged"));
    s3.copyObject(b -> b.sourceBucket("tagged").sourceKey("src").destinationBucket("tagged").destinationKey("copy"));
    assertThat(tags("tagged", "copy")).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "two words"));

    s3.copyObject(b -> b.sourceBucket("tagged").sourceKey("src").destinationBucket("tagged").destinationKey("src")
        .metadataDirective(MetadataDirective.REPLACE).contentType("text/x-changed"));
    assertThat(s3.headObject(b -> b.bucket("tagged").key("src")).contentType()).isEqualTo("text/x-changed");
    assertThat(tags("tagged", "src")).as("a self-copy that changes metadata keeps the tags")
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "two words"));

    s3.copyObject(b -> b.sourceBucket("tagged").sourceKey("src").destinationBucket("tagged").destinationKey("replaced")
        .taggingDirective(TaggingDirective.REPLACE).tagging("c=3"));
    assertThat(tags("tagged", "replaced")).containsExactlyEntriesOf(Map.of("c", "3"));
    s3.copyObject(b -> b.sourceBucket("tagged").sourceKey("src").destinationBucket("tagged").destinationKey("untagged")
        .taggingDirective(TaggingDirective.REPLACE));
    assertThat(tags("tagged", "untagged")).isEmpty();
    assertCode(() -> s3.copyObject(b -> b.sourceBucket("tagged").sourceKey("src").destinationBucket("tagged")
        .destinationKey("bad").taggingDirective("MERGE")), "InvalidArgument", 400);

    String id = s3.createMultipartUpload(b -> b.bucket("tagged").key("big").tagging("k=v&team=storage")).uploadId();
    String etag = s3.uploadPart(b -> b.bucket("tagged").key("big").uploadId(id).partNumber(1),
        RequestBody.fromBytes(random(1000, 30))).eTag();
    s3.completeMultipartUpload(b -> b.bucket("tagged").key("big").uploadId(id)
        .multipartUpload(u -> u.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
    assertThat(tags("tagged", "big")).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v", "team", "storage"));
    assertThat(s3.headObject(b -> b.bucket("tagged").key("big")).metadata()).isEmpty();
  }

  @Test
  void completionAcceptsAFullObjectChecksum() throws Exception {
    s3.createBucket(b -> b.bucket("fullcrc"));
    byte[] first = random(5 * MIB, 31);
    byte[] last = random(12345, 32);
    CRC32 crc = new CRC32();
    crc.update(first);
    crc.update(last);
    String whole = Base64.getEncoder().encodeToString(new byte[] {(byte) (crc.getValue() >>> 24),
        (byte) (crc.getValue() >>> 16), (byte) (crc.getValue() >>> 8), (byte) crc.getValue()});
    String id = s3.createMultipartUpload(b -> b.bucket("fullcrc").key("obj")).uploadId();
    String e1 = s3.uploadPart(b -> b.bucket("fullcrc").key("obj").uploadId(id).partNumber(1),
        RequestBody.fromBytes(first)).eTag();
    String e2 = s3.uploadPart(b -> b.bucket("fullcrc").key("obj").uploadId(id).partNumber(2),
        RequestBody.fromBytes(last)).eTag();
    s3.completeMultipartUpload(b -> b.bucket("fullcrc").key("obj").uploadId(id)
        .checksumCRC32(whole).checksumType(ChecksumType.FULL_OBJECT)
        .multipartUpload(u -> u.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
            CompletedPart.builder().partNumber(2).eTag(e2).build())));
    assertThat(s3.headObject(b -> b.bucket("fullcrc").key("obj")).contentLength())
        .isEqualTo(first.length + last.length);
  }

  @Test
  void copySourceIfModifiedSinceIsHonouredByCopiesAndPartCopies() throws Exception {
    s3.createBucket(b -> b.bucket("ims"));
    s3.putObject(b -> b.bucket("ims").key("src"), RequestBody.fromString("source"));
    Instant modified = s3.headObject(b -> b.bucket("ims").key("src")).lastModified();
    assertCode(() -> s3.copyObject(b -> b.sourceBucket("ims").sourceKey("src").destinationBucket("ims")
        .destinationKey("dst").copySourceIfModifiedSince(modified)), "PreconditionFailed", 412);
    HttpResponse<String> raw = signed("PUT", "/ims/dst", null, Map.of("x-amz-copy-source", "/ims/src",
        "x-amz-copy-source-if-modified-since", HttpDates.format(modified)));
    assertThat(raw.statusCode()).isEqualTo(412);
    assertThat(raw.body()).contains("<Condition>x-amz-copy-source-if-modified-since</Condition>");
    assertCode(() -> s3.headObject(b -> b.bucket("ims").key("dst")), null, 404);

    s3.copyObject(b -> b.sourceBucket("ims").sourceKey("src").destinationBucket("ims").destinationKey("dst")
        .copySourceIfModifiedSince(modified.minusSeconds(3600)));
    s3.copyObject(b -> b.sourceBucket("ims").sourceKey("src").destinationBucket("ims").destinationKey("future")
        .copySourceIfModifiedSince(Instant.now().plusSeconds(3600)));
    assertThat(s3.listObjectsV2(b -> b.bucket("ims")).contents()).extracting(S3Object::key)
        .containsExactly("dst", "future", "src");
    assertThat(signed("PUT", "/ims/dst", null, Map.of("x-amz-copy-source", "/ims/src",
        "x-amz-copy-source-if-match", "\"0000\"")).body()).contains("<Condition>x-amz-copy-source-if-match</Condition>");

    String id = s3.createMultipartUpload(b -> b.bucket("ims").key("parts")).uploadId();
    assertCode(() -> s3.uploadPartCopy(b -> b.sourceBucket("ims").sourceKey("src").destinationBucket("ims")
        .destinationKey("parts").uploadId(id).partNumber(1).copySourceIfModifiedSince(modified)),
        "PreconditionFailed", 412);
    s3.uploadPartCopy(b -> b.sourceBucket("ims").sourceKey("src").destinationBucket("ims").destinationKey("parts")
        .uploadId(id).partNumber(1).copySourceIfModifiedSince(modified.minusSeconds(3600)));
    s3.abortMultipartUpload(b -> b.bucket("ims").key("parts").uploadId(id));
  }

  @Test
  void aclGranteesSayTheyAreCanonicalUsers() {
    s3.createBucket(b -> b.bucket("acls"));
    s3.putObject(b -> b.bucket("acls").key("k"), RequestBody.fromString("x"));
    var bucketAcl = s3.getBucketAcl(b -> b.bucket("acls"));
    assertThat(bucketAcl.grants()).hasSize(1);
    assertThat(bucketAcl.grants().get(0).grantee().type()).isEqualTo(Type.CANONICAL_USER);
    assertThat(bucketAcl.grants().get(0).grantee().id()).isEqualTo(bucketAcl.owner().id());
    assertThat(s3.getObjectAcl(b -> b.bucket("acls").key("k")).grants().get(0).grantee().type())
        .isEqualTo(Type.CANONICAL_USER);
  }

  @Test
  void serverSideEncryptionIsRefusedAsNotImplemented() {
    s3.createBucket(b -> b.bucket("sse"));
    String key = Base64.getEncoder().encodeToString(random(32, 33));
    String keyMd5;
    try {
      keyMd5 = Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5")
          .digest(Base64.getDecoder().decode(key)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    for (ServerSideEncryption sse : List.of(ServerSideEncryption.AES256, ServerSideEncryption.AWS_KMS)) {
      S3Exception e = failure(() -> s3.putObject(b -> b.bucket("sse").key("k").serverSideEncryption(sse),
          RequestBody.fromString("secret")));
      assertThat(e.statusCode()).as(sse.toString()).isEqualTo(501);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotImplemented");
      assertThat(e.awsErrorDetails().errorMessage()).contains("server-side encryption");
    }
    assertCode(() -> s3.putObject(b -> b.bucket("sse").key("k").sseCustomerAlgorithm("AES256").sseCustomerKey(key)
        .sseCustomerKeyMD5(keyMd5), RequestBody.fromString("secret")), "NotImplemented", 501);
    assertCode(() -> s3.createMultipartUpload(b -> b.bucket("sse").key("k").serverSideEncryption(
        ServerSideEncryption.AWS_KMS).ssekmsKeyId("some-key")), "NotImplemented", 501);
    assertCode(() -> s3.createMultipartUpload(b -> b.bucket("sse").key("k").sseCustomerAlgorithm("AES256")
        .sseCustomerKey(key).sseCustomerKeyMD5(keyMd5)), "NotImplemented", 501);
    assertCode(() -> s3.headObject(b -> b.bucket("sse").key("k")), null, 404);
    assertThat(s3.listMultipartUploads(b -> b.bucket("sse")).uploads()).isEmpty();

    s3.putObject(b -> b.bucket("sse").key("plain"), RequestBody.fromString("plain"));
    assertCode(() -> s3.copyObject(b -> b.sourceBucket("sse").sourceKey("plain").destinationBucket("sse")
        .destinationKey("copy").serverSideEncryption(ServerSideEncryption.AES256)), "NotImplemented", 501);
    assertCode(() -> s3.copyObject(b -> b.sourceBucket("sse").sourceKey("plain").destinationBucket("sse")
        .destinationKey("copy").copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(key)
        .copySourceSSECustomerKeyMD5(keyMd5)), "NotImplemented", 501);
    String id = s3.createMultipartUpload(b -> b.bucket("sse").key("mp")).uploadId();
    assertCode(() -> s3.uploadPart(b -> b.bucket("sse").key("mp").uploadId(id).partNumber(1)
        .sseCustomerAlgorithm("AES256").sseCustomerKey(key).sseCustomerKeyMD5(keyMd5),
        RequestBody.fromString("part")), "NotImplemented", 501);
    s3.abortMultipartUpload(b -> b.bucket("sse").key("mp").uploadId(id));
    assertThat(s3.listObjectsV2(b -> b.bucket("sse")).contents()).extracting(S3Object::key).containsExactly("plain");
  }

  @Test
  void copySourceRangesAreStrict() throws Exception {
    s3.createBucket(b -> b.bucket("ranged"));
    byte[] body = random(1000, 34);
    s3.putObject(b -> b.bucket("ranged").key("src"), RequestBody.fromBytes(body));
    String id = s3.createMultipartUpload(b -> b.bucket("ranged").key("dst")).uploadId();
    for (String bad : List.of("bytes=abc", "bytes=-100", "bytes=0-", "0-10", "bytes=0-1,3-4")) {
      S3Exception e = failure(() -> s3.uploadPartCopy(b -> b.sourceBucket("ranged").sourceKey("src")
          .destinationBucket("ranged").destinationKey("dst").uploadId(id).partNumber(1).copySourceRange(bad)));
      assertThat(e.statusCode()).as(bad).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorCode()).as(bad).isEqualTo("InvalidArgument");
    }
    assertThat(signed("PUT", "/ranged/dst", "partNumber=1&uploadId=" + id, Map.of("x-amz-copy-source", "/ranged/src",
        "x-amz-copy-source-range", "bytes=abc")).body())
        .contains("<ArgumentName>x-amz-copy-source-range</ArgumentName>");
    for (String outside : List.of("bytes=0-1000", "bytes=990-2000", "bytes=10-5")) {
      assertCode(() -> s3.uploadPartCopy(b -> b.sourceBucket("ranged").sourceKey("src").destinationBucket("ranged")
          .destinationKey("dst").uploadId(id).partNumber(1).copySourceRange(outside)), "InvalidRange", 416);
    }
    assertThat(s3.listParts(b -> b.bucket("ranged").key("dst").uploadId(id)).parts()).isEmpty();
    String etag = s3.uploadPartCopy(b -> b.sourceBucket("ranged").sourceKey("src").destinationBucket("ranged")
        .destinationKey("dst").uploadId(id).partNumber(1).copySourceRange("bytes=100-999")).copyPartResult().eTag();
    s3.completeMultipartUpload(b -> b.bucket("ranged").key("dst").uploadId(id)
        .multipartUpload(u -> u.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
    assertThat(s3.getObjectAsBytes(b -> b.bucket("ranged").key("dst")).asByteArray())
        .isEqualTo(java.util.Arrays.copyOfRange(body, 100, 1000));
  }

  @Test
  void bucketsOwnedAreReCreatedWith200InUsEast1AndNamesMayPairDotsWithHyphens() throws Exception {
    s3.createBucket(b -> b.bucket("again"));
    s3.putObject(b -> b.bucket("again").key("kept"), RequestBody.fromString("kept"));
    var again = s3.createBucket(b -> b.bucket("again"));
    assertThat(again.sdkHttpResponse().statusCode()).isEqualTo(200);
    assertThat(s3.getObjectAsBytes(b -> b.bucket("again").key("kept")).asUtf8String()).isEqualTo("kept");

    // the SDK v2 refuses these names itself (the old DNS advice); S3's rules and botocore accept them
    for (String name : List.of("my-.bucket", "a.-b", "x-.-y")) {
      assertThat(signed("PUT", "/" + name, null, Map.of()).statusCode()).as(name).isEqualTo(200);
      assertThat(signed("PUT", "/" + name + "/k", null, Map.of()).statusCode()).as(name).isEqualTo(200);
      HttpResponse<String> got = signed("GET", "/" + name, "list-type=2", Map.of());
      assertThat(got.statusCode()).isEqualTo(200);
      assertThat(got.body()).contains("<Name>" + name + "</Name>").contains("<Key>k</Key>");
    }
    assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains("my-.bucket", "a.-b", "x-.-y");
    assertThat(signed("PUT", "/a..b", null, Map.of()).body()).contains("<Code>InvalidBucketName</Code>");
  }

  @Test
  void aBucketWithoutLifecycleAnswersNoSuchLifecycleConfiguration() {
    s3.createBucket(b -> b.bucket("nolifecycle"));
    assertCode(() -> s3.getBucketLifecycleConfiguration(b -> b.bucket("nolifecycle")),
        "NoSuchLifecycleConfiguration", 404);
    assertCode(() -> s3.getBucketLifecycleConfiguration(b -> b.bucket("absent-bucket")), "NoSuchBucket", 404);
    assertCode(() -> s3.deleteBucketLifecycle(b -> b.bucket("nolifecycle")), "NotImplemented", 501);
  }

  @Test
  void carriageReturnsInKeysSurviveAListing() {
    s3.createBucket(b -> b.bucket("controls"));
    List<String> keys = List.of("cr\rkey", "crlf\r\nkey", "tab\tkey", "lf\nkey");
    for (String k : keys) {
      s3.putObject(b -> b.bucket("controls").key(k), RequestBody.fromString(k));
    }
    assertThat(s3.listObjectsV2(b -> b.bucket("controls")).contents()).extracting(S3Object::key)
        .containsExactlyInAnyOrderElementsOf(keys);
    assertThat(s3.listObjects(b -> b.bucket("controls")).contents()).extracting(S3Object::key)
        .containsExactlyInAnyOrderElementsOf(keys);
    for (String k : keys) {
      assertThat(s3.getObjectAsBytes(b -> b.bucket("controls").key(k)).asUtf8String()).isEqualTo(k);
    }
  }
}
