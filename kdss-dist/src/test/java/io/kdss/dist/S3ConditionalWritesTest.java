package io.kdss.dist;

import static io.kdss.dist.S3ObjectsTest.assertCode;
import static io.kdss.dist.S3ObjectsTest.md5;
import static io.kdss.dist.S3ObjectsTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Conditional writes (If-None-Match: *, If-Match) on PutObject, CompleteMultipartUpload and
 * CopyObject, and failed uploads leaving no implicit directories behind, with the real AWS SDK
 * v2 against an in-process cluster.
 */
@Timeout(300)
class S3ConditionalWritesTest {

  @TempDir
  static Path data;
  static S3Cluster cluster;
  static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    cluster = new S3Cluster(data);
    s3 = cluster.s3Admin();
    s3.createBucket(b -> b.bucket("cond"));
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
    cluster.close();
  }

  static byte[] get(String key) {
    return s3.getObjectAsBytes(b -> b.bucket("cond").key(key)).asByteArray();
  }

  @Test
  void ifNoneMatchCreatesOnlyWhenTheKeyHasNoObject() {
    byte[] first = random(200_000, 1);
    var put = s3.putObject(b -> b.bucket("cond").key("lock/a.tflock").ifNoneMatch("*"), RequestBody.fromBytes(first));
    assertThat(put.eTag()).isNotBlank();
    assertCode(() -> s3.putObject(b -> b.bucket("cond").key("lock/a.tflock").ifNoneMatch("*"),
        RequestBody.fromBytes(random(300_000, 2))), "PreconditionFailed", 412);
    assertThat(get("lock/a.tflock")).as("the old bytes are still served").isEqualTo(first);
    assertCode(() -> s3.putObject(b -> b.bucket("cond").key("lock/b").ifNoneMatch("\"abc\""),
        RequestBody.fromString("x")), "NotImplemented", 501);
    assertCode(() -> s3.headObject(b -> b.bucket("cond").key("lock/b")), null, 404);
  }

  @Test
  void ofTwoConcurrentCreatesOfOneKeyExactlyOneSucceeds() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 4; round++) {
        String key = "race/" + round;
        byte[][] bodies = {random(1 << 20, 10 + round), random(1 << 20, 20 + round)};
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Integer>> outcomes = new ArrayList<>();
        for (byte[] body : bodies) {
          outcomes.add(pool.submit(() -> {
            start.await();
            try {
              s3.putObject(b -> b.bucket("cond").key(key).ifNoneMatch("*"), RequestBody.fromBytes(body));
              return 200;
            } catch (S3Exception e) {
              return e.statusCode();
            }
          }));
        }
        int a = outcomes.get(0).get();
        int b = outcomes.get(1).get();
        assertThat(List.of(a, b)).as("round " + round).containsOnlyOnce(200);
        int loser = a == 200 ? b : a;
        assertThat(loser).as("round " + round).isIn(412, 409);
        assertThat(get(key)).as("the winner's bytes").isEqualTo(bodies[a == 200 ? 0 : 1]);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void ifMatchReplacesOnlyTheObjectWithThatEtag() throws Exception {
    byte[] v1 = random(100_000, 3);
    byte[] v2 = random(120_000, 4);
    String e1 = s3.putObject(b -> b.bucket("cond").key("doc"), RequestBody.fromBytes(v1)).eTag();
    String e2 = s3.putObject(b -> b.bucket("cond").key("doc").ifMatch(e1), RequestBody.fromBytes(v2)).eTag();
    assertThat(e2).isEqualTo("\"" + md5(v2) + "\"");
    assertThat(get("doc")).isEqualTo(v2);
    assertCode(() -> s3.putObject(b -> b.bucket("cond").key("doc").ifMatch(e1), RequestBody.fromBytes(random(10, 5))),
        "PreconditionFailed", 412);
    assertThat(get("doc")).as("a failed If-Match leaves the object").isEqualTo(v2);
    assertCode(() -> s3.putObject(b -> b.bucket("cond").key("nothing/here").ifMatch(e1), RequestBody.fromString("x")),
        "NoSuchKey", 404);
    ListObjectsV2Response top = s3.listObjectsV2(b -> b.bucket("cond").delimiter("/").prefix("nothing"));
    assertThat(top.commonPrefixes()).as("the refused write made no directory").isEmpty();
    assertThat(top.contents()).isEmpty();
  }

  @Test
  void conditionalCompletionRefusesAnExistingKeyAndKeepsTheUpload() throws Exception {
    byte[] old = random(50_000, 6);
    String oldEtag = s3.putObject(b -> b.bucket("cond").key("mp/target"), RequestBody.fromBytes(old)).eTag();
    byte[] part = random(70_000, 7);
    String id = s3.createMultipartUpload(b -> b.bucket("cond").key("mp/target")).uploadId();
    String etag = s3.uploadPart(b -> b.bucket("cond").key("mp/target").uploadId(id).partNumber(1),
        RequestBody.fromBytes(part)).eTag();
    CompletedPart p1 = CompletedPart.builder().partNumber(1).eTag(etag).build();

    assertCode(() -> s3.completeMultipartUpload(b -> b.bucket("cond").key("mp/target").uploadId(id).ifNoneMatch("*")
        .multipartUpload(u -> u.parts(p1))), "PreconditionFailed", 412);
    assertThat(get("mp/target")).isEqualTo(old);
    assertCode(() -> s3.completeMultipartUpload(b -> b.bucket("cond").key("mp/target").uploadId(id)
        .ifMatch("\"0123456789abcdef0123456789abcdef\"").multipartUpload(u -> u.parts(p1))), "PreconditionFailed", 412);
    assertThat(s3.listParts(b -> b.bucket("cond").key("mp/target").uploadId(id)).parts())
        .as("a 412 leaves the upload in progress, as on S3").hasSize(1);

    var done = s3.completeMultipartUpload(b -> b.bucket("cond").key("mp/target").uploadId(id).ifMatch(oldEtag)
        .multipartUpload(u -> u.parts(p1)));
    assertThat(done.eTag()).endsWith("-1\"");
    assertThat(get("mp/target")).isEqualTo(part);

    String other = s3.createMultipartUpload(b -> b.bucket("cond").key("mp/target")).uploadId();
    String otherEtag = s3.uploadPart(b -> b.bucket("cond").key("mp/target").uploadId(other).partNumber(1),
        RequestBody.fromBytes(random(1000, 8))).eTag();
    assertCode(() -> s3.completeMultipartUpload(b -> b.bucket("cond").key("mp/target").uploadId(other).ifNoneMatch("*")
        .multipartUpload(u -> u.parts(CompletedPart.builder().partNumber(1).eTag(otherEtag).build()))),
        "PreconditionFailed", 412);
    s3.abortMultipartUpload(b -> b.bucket("cond").key("mp/target").uploadId(other));
    assertCode(() -> s3.listParts(b -> b.bucket("cond").key("mp/target").uploadId(other)), "NoSuchUpload", 404);

    String fresh = s3.createMultipartUpload(b -> b.bucket("cond").key("mp/new")).uploadId();
    String freshEtag = s3.uploadPart(b -> b.bucket("cond").key("mp/new").uploadId(fresh).partNumber(1),
        RequestBody.fromBytes(part)).eTag();
    assertCode(() -> s3.completeMultipartUpload(b -> b.bucket("cond").key("mp/new").uploadId(fresh).ifMatch(oldEtag)
        .multipartUpload(u -> u.parts(CompletedPart.builder().partNumber(1).eTag(freshEtag).build()))),
        "NoSuchKey", 404);
    s3.completeMultipartUpload(b -> b.bucket("cond").key("mp/new").uploadId(fresh).ifNoneMatch("*")
        .multipartUpload(u -> u.parts(CompletedPart.builder().partNumber(1).eTag(freshEtag).build())));
    assertThat(get("mp/new")).isEqualTo(part);
  }

  @Test
  void aCompletionRacingACreateOfItsKeyEitherWinsOrLeavesAConsistentUpload() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 4; round++) {
        String key = "mprace/" + round;
        byte[] part = random(300_000, 30 + round);
        byte[] put = random(200_000, 40 + round);
        String id = s3.createMultipartUpload(b -> b.bucket("cond").key(key)).uploadId();
        String etag = s3.uploadPart(b -> b.bucket("cond").key(key).uploadId(id).partNumber(1),
            RequestBody.fromBytes(part)).eTag();
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Integer> completion = pool.submit(() -> {
          start.await();
          try {
            s3.completeMultipartUpload(b -> b.bucket("cond").key(key).uploadId(id).ifNoneMatch("*")
                .multipartUpload(u -> u.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
            return 200;
          } catch (S3Exception e) {
            return e.statusCode();
          }
        });
        Future<Integer> create = pool.submit(() -> {
          start.await();
          try {
            s3.putObject(b -> b.bucket("cond").key(key).ifNoneMatch("*"), RequestBody.fromBytes(put));
            return 200;
          } catch (S3Exception e) {
            return e.statusCode();
          }
        });
        int c = completion.get();
        int p = create.get();
        assertThat(List.of(c, p)).as("round " + round).containsOnlyOnce(200);
        assertThat(get(key)).as("round " + round).isEqualTo(c == 200 ? part : put);
        if (c == 412) {
          assertThat(s3.listParts(b -> b.bucket("cond").key(key).uploadId(id)).parts()).as("412: still in progress")
              .hasSize(1);
          s3.abortMultipartUpload(b -> b.bucket("cond").key(key).uploadId(id));
        } else if (c == 409) {
          assertCode(() -> s3.listParts(b -> b.bucket("cond").key(key).uploadId(id)), "NoSuchUpload", 404);
        } else {
          assertThat(c).as("round " + round).isEqualTo(200);
          assertThat(p).as("round " + round).isIn(412, 409);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void conditionalCopyChecksTheDestination() {
    byte[] src = random(40_000, 9);
    byte[] dst = random(30_000, 10);
    s3.putObject(b -> b.bucket("cond").key("copy/src"), RequestBody.fromBytes(src));
    String dstEtag = s3.putObject(b -> b.bucket("cond").key("copy/dst"), RequestBody.fromBytes(dst)).eTag();
    assertCode(() -> s3.copyObject(b -> b.sourceBucket("cond").sourceKey("copy/src").destinationBucket("cond")
        .destinationKey("copy/dst").ifNoneMatch("*")), "PreconditionFailed", 412);
    assertThat(get("copy/dst")).isEqualTo(dst);
    s3.copyObject(b -> b.sourceBucket("cond").sourceKey("copy/src").destinationBucket("cond")
        .destinationKey("copy/new").ifNoneMatch("*"));
    assertThat(get("copy/new")).isEqualTo(src);
    s3.copyObject(b -> b.sourceBucket("cond").sourceKey("copy/src").destinationBucket("cond")
        .destinationKey("copy/dst").ifMatch(dstEtag));
    assertThat(get("copy/dst")).isEqualTo(src);
  }

  @Test
  void deleteWithIfMatchIsRefusedNotIgnored() {
    s3.putObject(b -> b.bucket("cond").key("del/k"), RequestBody.fromString("keep"));
    assertCode(() -> s3.deleteObject(b -> b.bucket("cond").key("del/k").ifMatch("\"00\"")), "NotImplemented", 501);
    assertThat(get("del/k")).isEqualTo("keep".getBytes());
  }

  @Test
  void aFailedUploadLeavesNoDirectoriesBehind() {
    s3.createBucket(b -> b.bucket("phantom"));
    String wrongMd5 = Base64.getEncoder().encodeToString(new byte[16]);
    assertCode(() -> s3.putObject(b -> b.bucket("phantom").key("a/b/c").contentMD5(wrongMd5),
        RequestBody.fromBytes(random(100_000, 11))), "BadDigest", 400);
    ListObjectsV2Response top = s3.listObjectsV2(b -> b.bucket("phantom").delimiter("/"));
    assertThat(top.commonPrefixes()).as("no phantom a/").isEmpty();
    assertThat(top.contents()).isEmpty();
    s3.putObject(b -> b.bucket("phantom").key("a"), RequestBody.fromString("a file, not a directory"));
    assertThat(s3.getObjectAsBytes(b -> b.bucket("phantom").key("a")).asUtf8String()).isEqualTo("a file, not a directory");

    s3.putObject(b -> b.bucket("phantom").key("logs/keep"), RequestBody.fromString("k"));
    assertThatThrownBy(() -> s3.putObject(b -> b.bucket("phantom").key("logs/2026/x").contentMD5(wrongMd5),
        RequestBody.fromString("y"))).isInstanceOf(S3Exception.class);
    ListObjectsV2Response logs = s3.listObjectsV2(b -> b.bucket("phantom").prefix("logs/").delimiter("/"));
    assertThat(logs.commonPrefixes()).as("the failed upload's own directory went").isEmpty();
    assertThat(logs.contents()).extracting(o -> o.key()).containsExactly("logs/keep");
  }
}
