package io.kdss.dist;

import static io.kdss.dist.S3Cluster.await;
import static io.kdss.dist.S3ObjectsTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.admin.AdminClient;
import io.kdss.proto.AccessKeySecret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Who may do what, through real signed requests against an in-process cluster: keys resolved
 * by the masters (unknown, wrong secret), presigned URLs until they expire, streaming signed
 * uploads with every chunk checked, users and keys made with the admin API, bucket policies
 * and identity policies allowing and denying, anonymous public read.
 */
@Timeout(300)
class S3AccessTest {

  @TempDir
  static Path data;
  static S3Cluster cluster;
  static S3Client admin;
  static AdminClient adminApi;
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    cluster = new S3Cluster(data);
    S3ObjectsTest.cluster = cluster;
    admin = cluster.s3Admin();
    adminApi = cluster.adminClient();
  }

  @AfterAll
  static void stop() throws Exception {
    admin.close();
    cluster.close();
  }

  static AccessKeySecret user(String name, String identityPolicy) throws Exception {
    await(adminApi.createUser(name, false, identityPolicy));
    return await(adminApi.createKey(name));
  }

  static S3Client client(AccessKeySecret k) {
    return cluster.s3(k.getKey().getAccessKeyId(), k.getSecretAccessKey());
  }

  @Test
  void unknownKeysWrongSecretsAndAnonymousCallersAreRefused() {
    try (S3Client unknown = cluster.s3("AKIDNOSUCHKEY0000000", "x".repeat(40));
        S3Client wrong = cluster.s3(cluster.admin.accessKeyId(), "not-the-secret-0123456789");
        S3Client anonymous = cluster.s3Anonymous()) {
      assertCode(unknown::listBuckets, "InvalidAccessKeyId", 403);
      assertCode(wrong::listBuckets, "SignatureDoesNotMatch", 403);
      assertCode(anonymous::listBuckets, "AccessDenied", 403);
      admin.createBucket(b -> b.bucket("private"));
      admin.putObject(b -> b.bucket("private").key("k"), RequestBody.fromString("secret"));
      assertCode(() -> anonymous.getObject(b -> b.bucket("private").key("k")), "AccessDenied", 403);
    }
  }

  @Test
  void presignedUrlsWorkUntilTheyExpire() throws Exception {
    admin.createBucket(b -> b.bucket("presigned"));
    admin.putObject(b -> b.bucket("presigned").key("a file ü+.txt"), RequestBody.fromString("hello presigned"));
    try (S3Presigner p = cluster.presigner()) {
      URI get = p.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
          .getObjectRequest(g -> g.bucket("presigned").key("a file ü+.txt"))).url().toURI();
      HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(get).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("hello presigned");
      HttpResponse<String> tampered = HTTP.send(HttpRequest.newBuilder(URI.create(get.toString()
          .replaceAll("X-Amz-Signature=[0-9a-f]{4}", "X-Amz-Signature=0000"))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(tampered.statusCode()).isEqualTo(403);
      assertThat(tampered.body()).contains("<Code>SignatureDoesNotMatch</Code>");

      URI put = p.presignPutObject(r -> r.signatureDuration(Duration.ofMinutes(5))
          .putObjectRequest(o -> o.bucket("presigned").key("uploaded"))).url().toURI();
      HttpResponse<String> putResp = HTTP.send(HttpRequest.newBuilder(put)
          .PUT(HttpRequest.BodyPublishers.ofString("via presigned put")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(putResp.statusCode()).isEqualTo(200);
      assertThat(admin.getObjectAsBytes(b -> b.bucket("presigned").key("uploaded")).asUtf8String())
          .isEqualTo("via presigned put");

      URI shortLived = p.presignGetObject(r -> r.signatureDuration(Duration.ofSeconds(1))
          .getObjectRequest(g -> g.bucket("presigned").key("a file ü+.txt"))).url().toURI();
      Thread.sleep(2100);
      HttpResponse<String> expired = HTTP.send(HttpRequest.newBuilder(shortLived).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(expired.statusCode()).isEqualTo(403);
      assertThat(expired.body()).contains("<Code>AccessDenied</Code>").contains("<Message>Request has expired</Message>");
    }
  }

  @Test
  void streamingSignedUploadsCheckEveryChunkAndNeverCommitAForgedOne() throws Exception {
    admin.createBucket(b -> b.bucket("chunked"));
    byte[] body = S3ObjectsTest.random(300_000, 9);
    HttpResponse<String> ok = ChunkedPut.send(cluster.endpoint(), "/chunked/good", cluster.admin.accessKeyId(),
        cluster.admin.secretAccessKey(), body, 64 * 1024, -1);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(admin.getObjectAsBytes(b -> b.bucket("chunked").key("good")).asByteArray()).isEqualTo(body);
    HttpResponse<String> forged = ChunkedPut.send(cluster.endpoint(), "/chunked/forged", cluster.admin.accessKeyId(),
        cluster.admin.secretAccessKey(), body, 64 * 1024, 3);
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    assertCode(() -> admin.headObject(b -> b.bucket("chunked").key("forged")), null, 404);
  }

  @Test
  void usersOwnTheirBucketsAndBucketPoliciesOpenOrCloseThem() throws Exception {
    AccessKeySecret aliceKey = user("alice", "");
    AccessKeySecret bobKey = user("bob", "");
    try (S3Client alice = client(aliceKey); S3Client bob = client(bobKey); S3Client anonymous = cluster.s3Anonymous()) {
      alice.createBucket(b -> b.bucket("alice-photos"));
      alice.putObject(b -> b.bucket("alice-photos").key("public/cat.jpg"), RequestBody.fromString("meow"));
      alice.putObject(b -> b.bucket("alice-photos").key("private/diary.txt"), RequestBody.fromString("dear diary"));
      assertThat(alice.listBuckets().buckets()).extracting(b -> b.name()).containsExactly("alice-photos");
      assertThat(bob.listBuckets().buckets()).isEmpty();
      assertThat(admin.listBuckets().buckets()).extracting(b -> b.name()).contains("alice-photos");
      assertCode(() -> bob.getObject(b -> b.bucket("alice-photos").key("public/cat.jpg")), "AccessDenied", 403);
      assertCode(() -> bob.putBucketPolicy(b -> b.bucket("alice-photos").policy("{}")), "AccessDenied", 403);

      assertCode(() -> alice.putBucketPolicy(b -> b.bucket("alice-photos").policy("{\"Statement\": []}")),
          "MalformedPolicy", 400);
      String policy = """
          {"Version": "2012-10-17", "Statement": [
            {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::alice-photos/public/*"},
            {"Sid": "BobLists", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:user/bob"},
             "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::alice-photos"},
            {"Sid": "NobodyDeletes", "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject",
             "Resource": "arn:aws:s3:::alice-photos/*"}]}""";
      alice.putBucketPolicy(b -> b.bucket("alice-photos").policy(policy));
      assertThat(alice.getBucketPolicy(b -> b.bucket("alice-photos")).policy()).isEqualTo(policy);
      assertThat(await(adminApi.bucketPolicy("alice-photos")).getPolicy()).isEqualTo(policy);

      assertThat(anonymous.getObjectAsBytes(b -> b.bucket("alice-photos").key("public/cat.jpg")).asUtf8String())
          .isEqualTo("meow");
      assertCode(() -> anonymous.getObject(b -> b.bucket("alice-photos").key("private/diary.txt")), "AccessDenied", 403);
      assertCode(() -> anonymous.putObject(b -> b.bucket("alice-photos").key("public/x"), RequestBody.fromString("x")),
          "AccessDenied", 403);
      assertThat(bob.getObjectAsBytes(b -> b.bucket("alice-photos").key("public/cat.jpg")).asUtf8String()).isEqualTo("meow");
      assertThat(bob.listObjectsV2(b -> b.bucket("alice-photos")).contents()).hasSize(2);
      assertCode(() -> bob.getObject(b -> b.bucket("alice-photos").key("private/diary.txt")), "AccessDenied", 403);
      assertCode(() -> alice.deleteObject(b -> b.bucket("alice-photos").key("private/diary.txt")), "AccessDenied", 403);
      assertCode(() -> admin.deleteObject(b -> b.bucket("alice-photos").key("private/diary.txt")), "AccessDenied", 403);

      admin.deleteBucketPolicy(b -> b.bucket("alice-photos"));
      assertCode(() -> alice.getBucketPolicy(b -> b.bucket("alice-photos")), "NoSuchBucketPolicy", 404);
      Thread.sleep(300);
      assertCode(() -> anonymous.getObject(b -> b.bucket("alice-photos").key("public/cat.jpg")), "AccessDenied", 403);
      alice.deleteObject(b -> b.bucket("alice-photos").key("private/diary.txt"));
    }
  }

  @Test
  void identityPoliciesGrantAndDenyPerUser() throws Exception {
    admin.createBucket(b -> b.bucket("shared-docs"));
    admin.putObject(b -> b.bucket("shared-docs").key("reports/q1.txt"), RequestBody.fromString("q1"));
    admin.putObject(b -> b.bucket("shared-docs").key("hr/salaries.txt"), RequestBody.fromString("$$$"));
    String readReports = """
        {"Statement": [
          {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared-docs/reports/*"},
          {"Effect": "Deny", "Action": "s3:CreateBucket", "Resource": "*"}]}""";
    try (S3Client carol = client(user("carol", readReports))) {
      assertThat(carol.getObjectAsBytes(b -> b.bucket("shared-docs").key("reports/q1.txt")).asUtf8String()).isEqualTo("q1");
      assertCode(() -> carol.getObject(b -> b.bucket("shared-docs").key("hr/salaries.txt")), "AccessDenied", 403);
      assertCode(() -> carol.putObject(b -> b.bucket("shared-docs").key("reports/q2.txt"), RequestBody.fromString("x")),
          "AccessDenied", 403);
      assertCode(() -> carol.createBucket(b -> b.bucket("carols")), "AccessDenied", 403);
    }
    assertThat(new String(await(adminApi.user("carol")).getPolicy().getBytes(StandardCharsets.UTF_8),
        StandardCharsets.UTF_8)).isEqualTo(readReports);
  }
}
