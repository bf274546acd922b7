package io.kdss.dist;

import static io.kdss.dist.S3Cluster.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.proto.EcGroup;
import io.kdss.proto.Entry;
import io.kdss.proto.ReadStripesReply;
import io.kdss.proto.ReadStripesRequest;
import io.kdss.proto.Stripe;
import io.kdss.shard.ShardInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Issue 6 end to end: the real AWS SDK v2 against an in-process cluster (master, storage node
 * with six file disks at EC 4+2, gateway): buckets, objects with metadata, ranges and
 * conditionals, copies, batch deletes, listings v1 and v2, keys with unicode and special
 * characters, key conflicts, a read with two shards of every stripe deleted from the disks, and
 * shards of overwritten and deleted objects collected.
 */
@Timeout(300)
class S3ObjectsTest {

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

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String md5(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
  }

  static void assertCode(Runnable call, String code, int status) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class, e -> {
      assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(status);
      if (code != null) {
        assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(code);
      }
    });
  }

  @Test
  void bucketsAreCreatedListedLocatedAndDeletedWhenEmpty() {
    s3.createBucket(b -> b.bucket("alpha"));
    s3.createBucket(b -> b.bucket("beta"));
    assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains("alpha", "beta");
    s3.headBucket(b -> b.bucket("alpha"));
    assertThat(s3.getBucketLocation(b -> b.bucket("alpha")).locationConstraintAsString()).isEmpty();
    s3.createBucket(b -> b.bucket("alpha")); // already yours: 200 in us-east-1 (409 in other regions)
    assertCode(() -> s3.headBucket(b -> b.bucket("gamma")), null, 404);
    assertCode(() -> s3.putObject(b -> b.bucket("gamma").key("k"), RequestBody.fromString("x")), "NoSuchBucket", 404);
    s3.putObject(b -> b.bucket("beta").key("k"), RequestBody.fromString("x"));
    assertCode(() -> s3.deleteBucket(b -> b.bucket("beta")), "BucketNotEmpty", 409);
    s3.deleteObject(b -> b.bucket("beta").key("k"));
    s3.deleteBucket(b -> b.bucket("beta"));
    assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains("alpha").doesNotContain("beta");
    assertCode(() -> s3.createBucket(b -> b.bucket("xn--bucket")), "InvalidBucketName", 400);
    for (String bad : List.of("Bad_Name", "192.168.5.4", "ab", "a..b")) {
      var resp = rawPut("/" + bad);
      assertThat(resp.statusCode()).as(bad).isEqualTo(400);
      assertThat(resp.body()).as(bad).contains("<Code>InvalidBucketName</Code>");
    }
  }

  @Test
  void objectsRoundTripWithMetadataAndMd5Etags() throws Exception {
    s3.createBucket(b -> b.bucket("objects"));
    byte[] body = random(3 * 1024 * 1024 + 12345, 1);
    String etag = md5(body);
    var put = s3.putObject(b -> b.bucket("objects").key("photos/2026/cat.jpg").contentType("image/jpeg")
        .contentEncoding("identity").contentDisposition("attachment; filename=cat.jpg").cacheControl("max-age=60")
        .metadata(Map.of("camera", "x100", "file.name", "cat.jpg")), RequestBody.fromBytes(body));
    assertThat(put.eTag()).isEqualTo("\"" + etag + "\"");

    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket("objects").key("photos/2026/cat.jpg"));
    assertThat(got.asByteArray()).isEqualTo(body);
    GetObjectResponse r = got.response();
    assertThat(r.eTag()).isEqualTo("\"" + etag + "\"");
    assertThat(r.contentType()).isEqualTo("image/jpeg");
    assertThat(r.contentEncoding()).isEqualTo("identity");
    assertThat(r.contentDisposition()).isEqualTo("attachment; filename=cat.jpg");
    assertThat(r.cacheControl()).isEqualTo("max-age=60");
    assertThat(r.metadata()).containsEntry("camera", "x100").containsEntry("file.name", "cat.jpg");

    HeadObjectResponse head = s3.headObject(b -> b.bucket("objects").key("photos/2026/cat.jpg"));
    assertThat(head.contentLength()).isEqualTo(body.length);
    assertThat(head.eTag()).isEqualTo(r.eTag());
    assertThat(head.lastModified()).isEqualTo(r.lastModified());
    assertThat(head.metadata()).isEqualTo(r.metadata());
    assertThat(head.contentType()).isEqualTo(r.contentType());

    s3.putObject(b -> b.bucket("objects").key("empty"), RequestBody.empty());
    assertThat(s3.getObjectAsBytes(b -> b.bucket("objects").key("empty")).asByteArray()).isEmpty();
    assertThat(s3.headObject(b -> b.bucket("objects").key("empty")).eTag()).isEqualTo("\"" + md5(new byte[0]) + "\"");

    s3.deleteObject(b -> b.bucket("objects").key("photos/2026/cat.jpg"));
    assertCode(() -> s3.getObject(b -> b.bucket("objects").key("photos/2026/cat.jpg")), "NoSuchKey", 404);
    assertCode(() -> s3.headObject(b -> b.bucket("objects").key("photos/2026/cat.jpg")), null, 404);
    s3.deleteObject(b -> b.bucket("objects").key("never-there"));
  }

  @Test
  void aWrongContentMd5NeverCommits() {
    s3.createBucket(b -> b.bucket("digests"));
    byte[] body = random(100_000, 2);
    String wrong = java.util.Base64.getEncoder().encodeToString(new byte[16]);
    assertCode(() -> s3.putObject(b -> b.bucket("digests").key("k").contentMD5(wrong), RequestBody.fromBytes(body)),
        "BadDigest", 400);
    assertCode(() -> s3.headObject(b -> b.bucket("digests").key("k")), null, 404);
  }

  @Test
  void rangesAndConditionalsFollowS3() throws Exception {
    s3.createBucket(b -> b.bucket("ranges"));
    byte[] body = random(2 * 1024 * 1024 + 77, 3);
    s3.putObject(b -> b.bucket("ranges").key("blob"), RequestBody.fromBytes(body));
    String etag = "\"" + md5(body) + "\"";
    var mid = s3.getObjectAsBytes(b -> b.bucket("ranges").key("blob").range("bytes=1048000-1049999"));
    assertThat(mid.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(body, 1048000, 1050000));
    assertThat(mid.response().contentRange()).isEqualTo("bytes 1048000-1049999/" + body.length);
    assertThat(s3.getObjectAsBytes(b -> b.bucket("ranges").key("blob").range("bytes=-50")).asByteArray())
        .isEqualTo(java.util.Arrays.copyOfRange(body, body.length - 50, body.length));
    assertThat(s3.getObjectAsBytes(b -> b.bucket("ranges").key("blob").range("bytes=2000000-")).asByteArray())
        .isEqualTo(java.util.Arrays.copyOfRange(body, 2000000, body.length));
    assertCode(() -> s3.getObject(b -> b.bucket("ranges").key("blob").range("bytes=" + body.length + "-")),
        "InvalidRange", 416);

    assertThat(s3.getObjectAsBytes(b -> b.bucket("ranges").key("blob").ifMatch(etag)).asByteArray()).isEqualTo(body);
    assertCode(() -> s3.getObject(b -> b.bucket("ranges").key("blob").ifMatch("\"0000\"")), "PreconditionFailed", 412);
    assertCode(() -> s3.getObject(b -> b.bucket("ranges").key("blob").ifNoneMatch(etag)), null, 304);
    Instant modified = s3.headObject(b -> b.bucket("ranges").key("blob")).lastModified();
    Instant earlier = modified.minusSeconds(3600);
    assertCode(() -> s3.getObject(b -> b.bucket("ranges").key("blob").ifModifiedSince(modified)), null, 304);
    assertThat(s3.getObjectAsBytes(b -> b.bucket("ranges").key("blob").ifModifiedSince(earlier)).asByteArray())
        .hasSize(body.length);
    assertCode(() -> s3.getObject(b -> b.bucket("ranges").key("blob").ifUnmodifiedSince(earlier)),
        "PreconditionFailed", 412);
  }

  @Test
  void partNumberReadsAnObjectAsItsOnlyPart() throws Exception {
    s3.createBucket(b -> b.bucket("parts"));
    byte[] body = random(300_001, 9);
    s3.putObject(b -> b.bucket("parts").key("one"), RequestBody.fromBytes(body));
    var first = s3.getObjectAsBytes(b -> b.bucket("parts").key("one").partNumber(1));
    assertThat(first.asByteArray()).isEqualTo(body);
    assertThat(first.response().partsCount()).isEqualTo(1);
    assertThat(first.response().contentRange()).isEqualTo("bytes 0-300000/300001");
    var head = s3.headObject(b -> b.bucket("parts").key("one").partNumber(1));
    assertThat(head.partsCount()).isEqualTo(1);
    assertThat(head.contentLength()).isEqualTo(body.length);
    assertThat(s3.headObject(b -> b.bucket("parts").key("one")).partsCount()).as("only asked for a part").isNull();
    assertCode(() -> s3.getObject(b -> b.bucket("parts").key("one").partNumber(2)), "InvalidPartNumber", 416);
    assertCode(() -> s3.getObject(b -> b.bucket("parts").key("one").partNumber(10_001)), "InvalidArgument", 400);
    assertCode(() -> s3.getObject(b -> b.bucket("parts").key("one").partNumber(1).range("bytes=0-9")),
        "InvalidRequest", 400);
  }

  @Test
  void copiesKeepOrReplaceMetadataAndBatchDeletesReportEachKey() {
    s3.createBucket(b -> b.bucket("copies"));
    s3.putObject(b -> b.bucket("copies").key("src").contentType("text/plain").metadata(Map.of("a", "1")),
        RequestBody.fromString("hello copies"));
    s3.copyObject(b -> b.sourceBucket("copies").sourceKey("src").destinationBucket("copies").destinationKey("same"));
    var same = s3.headObject(b -> b.bucket("copies").key("same"));
    assertThat(same.metadata()).containsEntry("a", "1");
    assertThat(same.contentType()).isEqualTo("text/plain");
    s3.copyObject(b -> b.sourceBucket("copies").sourceKey("src").destinationBucket("copies").destinationKey("new")
        .metadataDirective(MetadataDirective.REPLACE).contentType("text/x-new").metadata(Map.of("b", "2")));
    var replaced = s3.headObject(b -> b.bucket("copies").key("new"));
    assertThat(replaced.metadata()).containsEntry("b", "2").doesNotContainKey("a");
    assertThat(replaced.contentType()).isEqualTo("text/x-new");
    assertThat(s3.getObjectAsBytes(b -> b.bucket("copies").key("new")).asUtf8String()).isEqualTo("hello copies");

    var deleted = s3.deleteObjects(b -> b.bucket("copies").delete(d -> d.objects(
        ObjectIdentifier.builder().key("src").build(), ObjectIdentifier.builder().key("same").build(),
        ObjectIdentifier.builder().key("absent").build())));
    assertThat(deleted.deleted()).extracting(d -> d.key()).containsExactlyInAnyOrder("src", "same", "absent");
    assertThat(s3.listObjectsV2(b -> b.bucket("copies")).contents()).extracting(S3Object::key).containsExactly("new");
  }

  @Test
  void listingsPageAndGroupAsS3Does() {
    s3.createBucket(b -> b.bucket("lists"));
    List<String> keys = List.of("a-b", "a.txt", "a/1", "a/2", "a/sub/3", "b/x", "c", "d/e/f", "ünï/ç ø+d%e.txt");
    for (String k : keys) {
      s3.putObject(b -> b.bucket("lists").key(k), RequestBody.fromString(k));
    }
    List<String> sorted = new ArrayList<>(keys);
    java.util.Collections.sort(sorted);
    assertThat(listAllV2(null, null, 3)).containsExactlyElementsOf(sorted);

    ListObjectsV2Response top = s3.listObjectsV2(b -> b.bucket("lists").delimiter("/"));
    assertThat(top.contents()).extracting(S3Object::key).containsExactly("a-b", "a.txt", "c");
    assertThat(top.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("a/", "b/", "d/", "ünï/");
    ListObjectsV2Response underA = s3.listObjectsV2(b -> b.bucket("lists").prefix("a/").delimiter("/"));
    assertThat(underA.contents()).extracting(S3Object::key).containsExactly("a/1", "a/2");
    assertThat(underA.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("a/sub/");

    List<String> paged = new ArrayList<>();
    String token = null;
    do {
      String t = token;
      ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket("lists").delimiter("/").maxKeys(2).continuationToken(t));
      List<String> both = new ArrayList<>();
      page.contents().forEach(o -> both.add(o.key()));
      page.commonPrefixes().forEach(p -> both.add(p.prefix()));
      java.util.Collections.sort(both);
      paged.addAll(both);
      token = page.nextContinuationToken();
    } while (token != null);
    assertThat(paged).containsExactly("a-b", "a.txt", "a/", "b/", "c", "d/", "ünï/");

    assertThat(s3.listObjectsV2(b -> b.bucket("lists").startAfter("a/2")).contents()).extracting(S3Object::key)
        .startsWith("a/sub/3", "b/x");
    assertThat(s3.listObjectsV2(b -> b.bucket("lists").prefix("ünï/").encodingType("url")).contents())
        .extracting(S3Object::key).containsExactly("ünï/ç ø+d%e.txt");
    ListObjectsResponse v1 = s3.listObjects(b -> b.bucket("lists").marker("a/1").maxKeys(2));
    assertThat(v1.contents()).extracting(S3Object::key).containsExactly("a/2", "a/sub/3");
    assertThat(v1.isTruncated()).isTrue();
    ListObjectsResponse v1dash = s3.listObjects(b -> b.bucket("lists").delimiter("-"));
    assertThat(v1dash.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("a-");
    assertThat(s3.getObjectAsBytes(b -> b.bucket("lists").key("ünï/ç ø+d%e.txt")).asUtf8String())
        .isEqualTo("ünï/ç ø+d%e.txt");
  }

  /** An unsigned PUT (the SDK refuses to send some of the names the gateway must refuse). */
  static java.net.http.HttpResponse<String> rawPut(String path) {
    try {
      return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
          .send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(cluster.endpoint() + path)).PUT(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> listAllV2(String prefix, String delimiter, int pageSize) {
    List<String> out = new ArrayList<>();
    String token = null;
    do {
      String t = token;
      ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket("lists").prefix(prefix).delimiter(delimiter)
          .maxKeys(pageSize).continuationToken(t));
      page.contents().forEach(o -> out.add(o.key()));
      token = page.nextContinuationToken();
    } while (token != null);
    return out;
  }

  @Test
  void keysThatAreNoPathsOrConflictAreRefusedClearly() {
    s3.createBucket(b -> b.bucket("conflicts"));
    s3.putObject(b -> b.bucket("conflicts").key("a"), RequestBody.fromString("file"));
    assertCode(() -> s3.putObject(b -> b.bucket("conflicts").key("a/b"), RequestBody.fromString("x")),
        "XKdssKeyConflict", 409);
    s3.putObject(b -> b.bucket("conflicts").key("d/e"), RequestBody.fromString("x"));
    assertCode(() -> s3.putObject(b -> b.bucket("conflicts").key("d"), RequestBody.fromString("x")),
        "XKdssKeyConflict", 409);
    assertCode(() -> s3.getObject(b -> b.bucket("conflicts").key("d")), "NoSuchKey", 404);
    assertCode(() -> s3.putObject(b -> b.bucket("conflicts").key("x//y"), RequestBody.fromString("x")),
        "InvalidArgument", 400);
    assertCode(() -> s3.putObject(b -> b.bucket("conflicts").key("x/../y"), RequestBody.fromString("x")),
        "InvalidArgument", 400);
    assertCode(() -> s3.putObject(b -> b.bucket("conflicts").key("long/" + "n".repeat(300)), RequestBody.fromString("x")),
        "KeyTooLongError", 400);
    s3.deleteObject(b -> b.bucket("conflicts").key("d/e"));
    s3.putObject(b -> b.bucket("conflicts").key("d"), RequestBody.fromString("now a file"));
    assertThat(s3.getObjectAsBytes(b -> b.bucket("conflicts").key("d")).asUtf8String()).isEqualTo("now a file");
  }

  @Test
  void readsDecodeAroundTwoLostShardsPerStripe() throws Exception {
    s3.createBucket(b -> b.bucket("degraded"));
    byte[] body = random(5 * 1024 * 1024 + 999, 4);
    s3.putObject(b -> b.bucket("degraded").key("d/blob"), RequestBody.fromBytes(body));
    for (Stripe s : stripesOf("degraded", "d/blob")) {
      EcGroup g = await(cluster.masters.getGroup(s.getGroupId()));
      for (int i : new int[] {1, 4}) {
        await(cluster.shards.delete(g.getMembers(i).getDataAddress(), UUID.fromString(g.getMembers(i).getDiskId()),
            List.of(new ShardInfo(s.getStripeId(), i, 0, 0))));
      }
    }
    assertThat(md5(s3.getObjectAsBytes(b -> b.bucket("degraded").key("d/blob")).asByteArray())).isEqualTo(md5(body));
    assertThat(s3.getObjectAsBytes(b -> b.bucket("degraded").key("d/blob").range("bytes=1000000-3000000")).asByteArray())
        .isEqualTo(java.util.Arrays.copyOfRange(body, 1000000, 3000001));
  }

  @Test
  void overwrittenAndDeletedObjectsLeaveNoShards() throws Exception {
    s3.createBucket(b -> b.bucket("collected"));
    s3.putObject(b -> b.bucket("collected").key("k"), RequestBody.fromBytes(random(3_000_000, 5)));
    Set<Long> first = new HashSet<>(stripeIds("collected", "k"));
    byte[] second = random(2_000_000, 6);
    s3.putObject(b -> b.bucket("collected").key("k"), RequestBody.fromBytes(second));
    Set<Long> kept = new HashSet<>(stripeIds("collected", "k"));
    assertThat(kept).doesNotContainAnyElementsOf(first);
    assertThat(awaitGone(first)).as("shards of the overwritten version").isEmpty();
    assertThat(s3.getObjectAsBytes(b -> b.bucket("collected").key("k")).asByteArray()).isEqualTo(second);
    assertThat(cluster.stripesOnDisk()).containsAll(kept);
    s3.deleteObject(b -> b.bucket("collected").key("k"));
    assertThat(awaitGone(kept)).as("shards of the deleted object").isEmpty();
  }

  /** Waits for the stripes' shards to leave the disks; returns those still there after the wait. */
  static Set<Long> awaitGone(Set<Long> stripes) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      Set<Long> left = new HashSet<>(stripes);
      left.retainAll(cluster.stripesOnDisk());
      if (left.isEmpty() || System.currentTimeMillis() > deadline) {
        return left;
      }
      Thread.sleep(250);
    }
  }

  static List<Stripe> stripesOf(String bucket, String key) throws Exception {
    Entry e = await(cluster.masters.resolve(bucket + "/" + key));
    ReadStripesReply r = await(cluster.masters.readStripes(ReadStripesRequest.newBuilder().setId(e.getId()).build()));
    return r.getStripesList();
  }

  static List<Long> stripeIds(String bucket, String key) throws Exception {
    return stripesOf(bucket, key).stream().map(Stripe::getStripeId).toList();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
