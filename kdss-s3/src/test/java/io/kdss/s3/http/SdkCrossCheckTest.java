package io.kdss.s3.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The real AWS SDK for Java v2 against the gateway: its signer (header auth, aws-chunked uploads
 * with and without checksum trailers, presigned URLs) and its XML parsers cross-check ours.
 */
@org.junit.jupiter.api.Timeout(60)
class SdkCrossCheckTest {

  static GatewayFixture gw;
  static S3Client admin;
  static S3Client adminNoTrailer;
  static S3Client bob;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    gw = new GatewayFixture(1);
    admin = client(GatewayFixture.ADMIN.accessKeyId(), GatewayFixture.ADMIN.secretKey(), RequestChecksumCalculation.WHEN_SUPPORTED);
    adminNoTrailer = client(GatewayFixture.ADMIN.accessKeyId(), GatewayFixture.ADMIN.secretKey(),
        RequestChecksumCalculation.WHEN_REQUIRED);
    bob = client(GatewayFixture.BOB.accessKeyId(), GatewayFixture.BOB.secretKey(), RequestChecksumCalculation.WHEN_SUPPORTED);
  }

  @AfterAll
  static void stop() {
    admin.close();
    adminNoTrailer.close();
    bob.close();
    gw.close();
  }

  static S3Client client(String access, String secret, RequestChecksumCalculation checksums) {
    return S3Client.builder().endpointOverride(URI.create(gw.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret)))
        .forcePathStyle(true).requestChecksumCalculation(checksums)
        .httpClient(ApacheHttpClient.builder().build()).build();
  }

  static S3Presigner presigner() {
    return S3Presigner.builder().endpointOverride(URI.create(gw.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            GatewayFixture.ADMIN.accessKeyId(), GatewayFixture.ADMIN.secretKey())))
        .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true)
            .build()).build();
  }

  static void bucket(String name) {
    admin.createBucket(b -> b.bucket(name));
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String md5(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
  }

  @ParameterizedTest(name = "trailer checksums: {0}")
  @ValueSource(booleans = {true, false})
  void putGetHeadWithMetadataRoundTrip(boolean trailer) throws Exception {
    S3Client c = trailer ? admin : adminNoTrailer;
    String bucket = trailer ? "roundtrip-trailer" : "roundtrip-plain";
    bucket(bucket);
    byte[] data = random(3 * 1024 * 1024 + 17, 1);
    var put = c.putObject(b -> b.bucket(bucket).key("dir/data.bin").contentType("application/x-test")
        .cacheControl("max-age=60").contentDisposition("attachment").metadata(Map.of("owner", "team-a", "n", "1")),
        RequestBody.fromBytes(data));
    assertThat(put.eTag()).isEqualTo("\"" + md5(data) + "\"");
    ResponseBytes<GetObjectResponse> got = c.getObjectAsBytes(b -> b.bucket(bucket).key("dir/data.bin"));
    assertThat(got.asByteArray()).isEqualTo(data);
    assertThat(got.response().contentType()).isEqualTo("application/x-test");
    assertThat(got.response().metadata()).containsEntry("owner", "team-a").containsEntry("n", "1");
    HeadObjectResponse head = c.headObject(b -> b.bucket(bucket).key("dir/data.bin"));
    assertThat(head.contentLength()).isEqualTo(data.length);
    assertThat(head.eTag()).isEqualTo(got.response().eTag());
    assertThat(head.cacheControl()).isEqualTo("max-age=60");
    assertThat(head.contentDisposition()).isEqualTo("attachment");
    assertThat(gw.backend.data(bucket, "dir/data.bin")).isEqualTo(data);
  }

  @Test
  void specialAndUnicodeKeysSurviveSigningAndListing() {
    bucket("keys");
    List<String> keys = List.of("a b", "plus+sign", "tilde~star*", "per%cent", "quote'paren()", "amp&eq=semi;colon:",
        "ümlaut/日本語/キー.txt", "emoji😀", "comma,at@dollar$", "dir//double", "trailing/", "brackets[]{}", "hash#q?");
    for (String k : keys) {
      admin.putObject(b -> b.bucket("keys").key(k), RequestBody.fromString("v:" + k));
    }
    for (String k : keys) {
      assertThat(admin.getObjectAsBytes(b -> b.bucket("keys").key(k)).asUtf8String()).isEqualTo("v:" + k);
    }
    List<String> listed = admin.listObjectsV2Paginator(b -> b.bucket("keys").maxKeys(4)).contents().stream()
        .map(S3Object::key).toList();
    assertThat(listed).containsExactlyInAnyOrderElementsOf(keys);
    List<String> urlListed = admin.listObjects(b -> b.bucket("keys").encodingType("url")).contents().stream()
        .map(S3Object::key).toList();
    assertThat(urlListed).containsExactlyInAnyOrderElementsOf(keys);
  }

  @Test
  void listingsWithPrefixDelimiterAndPages() {
    bucket("listing");
    for (String k : List.of("a/1", "a/2", "b/1", "c", "d/x/y")) {
      admin.putObject(b -> b.bucket("listing").key(k), RequestBody.fromString(k));
    }
    ListObjectsV2Response r = admin.listObjectsV2(b -> b.bucket("listing").delimiter("/"));
    assertThat(r.contents()).extracting(S3Object::key).containsExactly("c");
    assertThat(r.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("a/", "b/", "d/");
    ListObjectsV2Response page = admin.listObjectsV2(b -> b.bucket("listing").delimiter("/").maxKeys(2));
    assertThat(page.isTruncated()).isTrue();
    ListObjectsV2Response next = admin.listObjectsV2(b -> b.bucket("listing").delimiter("/").maxKeys(2)
        .continuationToken(page.nextContinuationToken()));
    assertThat(next.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("c".isEmpty() ? "" : "d/");
    assertThat(next.contents()).extracting(S3Object::key).containsExactly("c");
    assertThat(admin.listObjects(b -> b.bucket("listing").prefix("a/").marker("a/1")).contents())
        .extracting(S3Object::key).containsExactly("a/2");
    assertThat(admin.listObjectVersions(b -> b.bucket("listing").prefix("d/")).versions())
        .extracting(v -> v.key() + "@" + v.versionId() + "@" + v.isLatest()).containsExactly("d/x/y@null@true");
    assertThat(admin.listBuckets().buckets()).extracting(bk -> bk.name()).contains("listing");
    assertThat(admin.getBucketLocation(b -> b.bucket("listing")).locationConstraintAsString()).isEmpty();
  }

  @Test
  void rangesConditionalsAndErrors() {
    bucket("ranges");
    admin.putObject(b -> b.bucket("ranges").key("k"), RequestBody.fromString("0123456789"));
    assertThat(admin.getObjectAsBytes(b -> b.bucket("ranges").key("k").range("bytes=2-4")).asUtf8String()).isEqualTo("234");
    assertThat(admin.getObjectAsBytes(b -> b.bucket("ranges").key("k").range("bytes=-3")).asUtf8String()).isEqualTo("789");
    assertThat(admin.getObjectAsBytes(b -> b.bucket("ranges").key("k").range("bytes=7-")).response().contentRange())
        .isEqualTo("bytes 7-9/10");
    assertCode(() -> admin.getObject(b -> b.bucket("ranges").key("k").range("bytes=10-")), "InvalidRange", 416);
    String etag = admin.headObject(b -> b.bucket("ranges").key("k")).eTag();
    assertCode(() -> admin.getObject(b -> b.bucket("ranges").key("k").ifMatch("\"nope\"")), "PreconditionFailed", 412);
    assertThatThrownBy(() -> admin.getObject(b -> b.bucket("ranges").key("k").ifNoneMatch(etag)))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(304));
    assertCode(() -> admin.getObject(b -> b.bucket("ranges").key("missing")), "NoSuchKey", 404);
    assertCode(() -> admin.getObject(b -> b.bucket("no-such-bucket").key("k")), "NoSuchBucket", 404);
    assertCode(() -> admin.deleteBucket(b -> b.bucket("ranges")), "BucketNotEmpty", 409);
    // us-east-1 (the gateway's region here): re-creating a bucket you own is 200, as S3's legacy behaviour there
    admin.createBucket(b -> b.bucket("ranges"));
  }

  @Test
  void outsideUsEast1ReCreatingAnOwnedBucketIsBucketAlreadyOwnedByYou() {
    try (GatewayFixture eu = new GatewayFixture(1, o -> o.setRegion("eu-west-1"));
        S3Client c = S3Client.builder().endpointOverride(URI.create(eu.endpoint())).region(Region.EU_WEST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                GatewayFixture.ADMIN.accessKeyId(), GatewayFixture.ADMIN.secretKey())))
            .forcePathStyle(true).httpClient(ApacheHttpClient.builder().build()).build()) {
      c.createBucket(b -> b.bucket("euro").createBucketConfiguration(k -> k.locationConstraint("eu-west-1")));
      assertCode(() -> c.createBucket(b -> b.bucket("euro").createBucketConfiguration(k -> k.locationConstraint(
          "eu-west-1"))), "BucketAlreadyOwnedByYou", 409);
    }
  }

  @Test
  void wrongSecretAndUnknownKeyAreRefused() {
    try (S3Client wrong = client(GatewayFixture.ADMIN.accessKeyId(), "wrong-secret", RequestChecksumCalculation.WHEN_SUPPORTED);
         S3Client unknown = client("AKIAUNKNOWN000000000", "x", RequestChecksumCalculation.WHEN_SUPPORTED)) {
      assertCode(() -> wrong.listBuckets(), "SignatureDoesNotMatch", 403);
      assertCode(() -> unknown.listBuckets(), "InvalidAccessKeyId", 403);
      bucket("auth");
      assertCode(() -> wrong.putObject(b -> b.bucket("auth").key("k"), RequestBody.fromBytes(random(200_000, 2))),
          "SignatureDoesNotMatch", 403);
      assertThat(gw.backend.exists("auth", "k")).isFalse();
    }
  }

  @Test
  void presignedUrlsWorkUntilTheyExpire() throws Exception {
    bucket("presigned");
    admin.putObject(b -> b.bucket("presigned").key("a file ü.txt"), RequestBody.fromString("hello presigned"));
    try (S3Presigner p = presigner()) {
      URI get = p.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
          .getObjectRequest(g -> g.bucket("presigned").key("a file ü.txt"))).url().toURI();
      HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(get).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("hello presigned");
      URI put = p.presignPutObject(r -> r.signatureDuration(Duration.ofMinutes(5))
          .putObjectRequest(o -> o.bucket("presigned").key("uploaded"))).url().toURI();
      HttpResponse<String> putResp = HTTP.send(HttpRequest.newBuilder(put)
          .PUT(HttpRequest.BodyPublishers.ofString("via presigned put")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(putResp.statusCode()).isEqualTo(200);
      assertThat(new String(gw.backend.data("presigned", "uploaded"), StandardCharsets.UTF_8)).isEqualTo("via presigned put");
      URI tampered = URI.create(get.toString().replace("a%20file", "b%20file"));
      assertThat(HTTP.send(HttpRequest.newBuilder(tampered).build(), HttpResponse.BodyHandlers.ofString()).body())
          .contains("<Code>SignatureDoesNotMatch</Code>");
      URI shortLived = p.presignGetObject(r -> r.signatureDuration(Duration.ofSeconds(1))
          .getObjectRequest(g -> g.bucket("presigned").key("a file ü.txt"))).url().toURI();
      Thread.sleep(2100);
      HttpResponse<String> expired = HTTP.send(HttpRequest.newBuilder(shortLived).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(expired.statusCode()).isEqualTo(403);
      assertThat(expired.body()).contains("<Code>AccessDenied</Code>").contains("<Message>Request has expired</Message>");
    }
  }

  @Test
  void multipartUploadCompletesWithS3sEtag() throws Exception {
    bucket("multipart");
    byte[] part1 = random(5 * 1024 * 1024, 3);
    byte[] part2 = random(1234, 4);
    String id = admin.createMultipartUpload(b -> b.bucket("multipart").key("big").contentType("video/x")).uploadId();
    String e1 = admin.uploadPart(b -> b.bucket("multipart").key("big").uploadId(id).partNumber(1),
        RequestBody.fromBytes(part1)).eTag();
    String e2 = adminNoTrailer.uploadPart(b -> b.bucket("multipart").key("big").uploadId(id).partNumber(2),
        RequestBody.fromBytes(part2)).eTag();
    assertThat(admin.listParts(b -> b.bucket("multipart").key("big").uploadId(id)).parts()).hasSize(2);
    assertThat(admin.listMultipartUploads(b -> b.bucket("multipart")).uploads()).extracting(u -> u.uploadId())
        .containsExactly(id);
    String etag = admin.completeMultipartUpload(b -> b.bucket("multipart").key("big").uploadId(id)
        .multipartUpload(CompletedMultipartUpload.builder().parts(
            CompletedPart.builder().partNumber(1).eTag(e1).build(),
            CompletedPart.builder().partNumber(2).eTag(e2).build()).build())).eTag();
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    md5.update(HexFormat.of().parseHex(md5(part1)));
    md5.update(HexFormat.of().parseHex(md5(part2)));
    assertThat(etag).isEqualTo("\"" + HexFormat.of().formatHex(md5.digest()) + "-2\"");
    byte[] whole = admin.getObjectAsBytes(b -> b.bucket("multipart").key("big")).asByteArray();
    assertThat(whole).hasSize(part1.length + part2.length);
    String small = admin.createMultipartUpload(b -> b.bucket("multipart").key("small")).uploadId();
    String s1 = admin.uploadPart(b -> b.bucket("multipart").key("small").uploadId(small).partNumber(1),
        RequestBody.fromString("tiny")).eTag();
    String s2 = admin.uploadPart(b -> b.bucket("multipart").key("small").uploadId(small).partNumber(2),
        RequestBody.fromString("tail")).eTag();
    assertCode(() -> admin.completeMultipartUpload(b -> b.bucket("multipart").key("small").uploadId(small)
        .multipartUpload(CompletedMultipartUpload.builder().parts(CompletedPart.builder().partNumber(1).eTag(s1).build(),
            CompletedPart.builder().partNumber(2).eTag(s2).build()).build())), "EntityTooSmall", 400);
    admin.abortMultipartUpload(b -> b.bucket("multipart").key("small").uploadId(small));
    assertCode(() -> admin.listParts(b -> b.bucket("multipart").key("small").uploadId(small)), "NoSuchUpload", 404);
  }

  @Test
  void copyDeleteObjectsAndTagging() {
    bucket("copy");
    admin.putObject(b -> b.bucket("copy").key("src").contentType("text/plain").metadata(Map.of("a", "1")),
        RequestBody.fromString("copy me"));
    admin.copyObject(b -> b.sourceBucket("copy").sourceKey("src").destinationBucket("copy").destinationKey("dup"));
    admin.putObject(b -> b.bucket("copy").key("tagged").tagging("team=a&tier=gold"), RequestBody.fromString("t"));
    assertThat(admin.getObjectTagging(b -> b.bucket("copy").key("tagged")).tagSet())
        .extracting(t -> t.key() + "=" + t.value()).containsExactlyInAnyOrder("team=a", "tier=gold");
    HeadObjectResponse dup = admin.headObject(b -> b.bucket("copy").key("dup"));
    assertThat(dup.metadata()).containsEntry("a", "1");
    admin.copyObject(b -> b.sourceBucket("copy").sourceKey("src").destinationBucket("copy").destinationKey("re")
        .metadataDirective(MetadataDirective.REPLACE).contentType("text/x").metadata(Map.of("b", "2")));
    HeadObjectResponse re = admin.headObject(b -> b.bucket("copy").key("re"));
    assertThat(re.metadata()).containsOnlyKeys("b");
    assertThat(re.contentType()).isEqualTo("text/x");
    assertCode(() -> admin.copyObject(b -> b.sourceBucket("copy").sourceKey("src").destinationBucket("copy")
        .destinationKey("src")), "InvalidRequest", 400);
    admin.putObjectTagging(b -> b.bucket("copy").key("src").tagging(t -> t.tagSet(
        software.amazon.awssdk.services.s3.model.Tag.builder().key("env").value("prod").build())));
    assertThat(admin.getObjectTagging(b -> b.bucket("copy").key("src")).tagSet()).extracting(t -> t.key() + "=" + t.value())
        .containsExactly("env=prod");
    var deleted = admin.deleteObjects(b -> b.bucket("copy").delete(d -> d.objects(
        ObjectIdentifier.builder().key("src").build(), ObjectIdentifier.builder().key("dup").build(),
        ObjectIdentifier.builder().key("never-existed").build())));
    assertThat(deleted.deleted()).hasSize(3);
    assertThat(gw.backend.exists("copy", "src")).isFalse();
    assertThat(gw.backend.exists("copy", "re")).isTrue();
    admin.deleteObjectTagging(b -> b.bucket("copy").key("tagged"));
    assertThat(admin.getObjectTagging(b -> b.bucket("copy").key("tagged")).tagSet()).isEmpty();
  }

  @Test
  void bucketPolicyGrantsAndDeniesOtherUsersAndAnonymous() throws Exception {
    bucket("shared");
    admin.putObject(b -> b.bucket("shared").key("public/readme"), RequestBody.fromString("public text"));
    admin.putObject(b -> b.bucket("shared").key("private/secret"), RequestBody.fromString("secret"));
    URI anonymousGet = URI.create(gw.endpoint() + "/shared/public/readme");
    assertThat(HTTP.send(HttpRequest.newBuilder(anonymousGet).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(403);
    assertCode(() -> bob.getObject(b -> b.bucket("shared").key("public/readme")), "AccessDenied", 403);
    assertCode(() -> admin.getBucketPolicy(b -> b.bucket("shared")), "NoSuchBucketPolicy", 404);
    assertCode(() -> admin.putBucketPolicy(b -> b.bucket("shared").policy("{\"Statement\": 1}")), "MalformedPolicy", 400);
    String policy = """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
           "Resource": "arn:aws:s3:::shared/public/*"},
          {"Sid": "BobAll", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:user/bob"},
           "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::shared", "arn:aws:s3:::shared/*"]},
          {"Sid": "NoSecrets", "Effect": "Deny", "Principal": {"AWS": "bob"}, "Action": "s3:*",
           "Resource": "arn:aws:s3:::shared/private/*"}]}""";
    admin.putBucketPolicy(b -> b.bucket("shared").policy(policy));
    assertThat(admin.getBucketPolicy(b -> b.bucket("shared")).policy()).isEqualTo(policy);
    HttpResponse<String> anon = HTTP.send(HttpRequest.newBuilder(anonymousGet).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(anon.statusCode()).isEqualTo(200);
    assertThat(anon.body()).isEqualTo("public text");
    assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(gw.endpoint() + "/shared/private/secret")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
    assertThat(bob.getObjectAsBytes(b -> b.bucket("shared").key("public/readme")).asUtf8String()).isEqualTo("public text");
    bob.putObject(b -> b.bucket("shared").key("bob/notes"), RequestBody.fromString("bob's"));
    assertThat(bob.listObjectsV2(b -> b.bucket("shared")).contents()).hasSize(3);
    assertCode(() -> bob.getObject(b -> b.bucket("shared").key("private/secret")), "AccessDenied", 403);
    assertCode(() -> bob.deleteObject(b -> b.bucket("shared").key("bob/notes")), "AccessDenied", 403);
    assertCode(() -> bob.deleteBucketPolicy(b -> b.bucket("shared")), "AccessDenied", 403);
    admin.deleteBucketPolicy(b -> b.bucket("shared"));
    assertCode(() -> bob.getObject(b -> b.bucket("shared").key("public/readme")), "AccessDenied", 403);
  }

  static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code, int status) {
    assertThatThrownBy(call).isInstanceOfSatisfying(S3Exception.class, e -> {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
      assertThat(e.statusCode()).isEqualTo(status);
    });
  }
}
