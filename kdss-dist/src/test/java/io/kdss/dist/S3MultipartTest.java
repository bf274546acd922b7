package io.kdss.dist;

import static io.kdss.dist.S3ObjectsTest.assertCode;
import static io.kdss.dist.S3ObjectsTest.md5;
import static io.kdss.dist.S3ObjectsTest.random;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Issue 7's multipart upload and object sub-resources against an in-process cluster with the
 * real AWS SDK v2: a round trip with S3's ETag and checksum compare, part copies with ranges,
 * part listings and upload listings with their markers, the completion rules, re-uploaded and
 * unlisted parts collected, an abort leaving no shard on disk; object tags, CORS with preflight,
 * ListObjectVersions on an unversioned bucket.
 */
@Timeout(300)
class S3MultipartTest {

  static final int MIB = 1024 * 1024;

  @TempDir
  static Path data;
  static S3Cluster cluster;
  static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    cluster = new S3Cluster(data);
    S3ObjectsTest.cluster = cluster;
    s3 = cluster.s3Admin();
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
    cluster.close();
  }

  static String etagOf(List<byte[]> parts) throws Exception {
    MessageDigest all = MessageDigest.getInstance("MD5");
    for (byte[] p : parts) {
      all.update(MessageDigest.getInstance("MD5").digest(p));
    }
    return HexFormat.of().formatHex(all.digest()) + "-" + parts.size();
  }

  @Test
  void partsAreStitchedIntoTheObjectWithS3sEtag() throws Exception {
    s3.createBucket(b -> b.bucket("mpu"));
    List<byte[]> parts = List.of(random(5 * MIB, 11), random(5 * MIB + 4321, 12), random(777_777, 13));
    Set<Long> before = cluster.stripesOnDisk();
    String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("videos/big.bin").contentType("video/mp4")
        .metadata(Map.of("origin", "camera"))).uploadId();
    List<CompletedPart> done = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      int n = i + 1;
      byte[] body = parts.get(i);
      String etag = s3.uploadPart(b -> b.bucket("mpu").key("videos/big.bin").uploadId(id).partNumber(n),
          RequestBody.fromBytes(body)).eTag();
      assertThat(etag).isEqualTo("\"" + md5(body) + "\"");
      done.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
    }
    Set<Long> partStripes = new HashSet<>(cluster.stripesOnDisk());
    partStripes.removeAll(before);
    ListPartsResponse firstTwo = s3.listParts(b -> b.bucket("mpu").key("videos/big.bin").uploadId(id).maxParts(2));
    assertThat(firstTwo.parts()).extracting(Part::partNumber).containsExactly(1, 2);
    assertThat(firstTwo.isTruncated()).isTrue();
    ListPartsResponse rest = s3.listParts(b -> b.bucket("mpu").key("videos/big.bin").uploadId(id)
        .partNumberMarker(firstTwo.nextPartNumberMarker()));
    assertThat(rest.parts()).extracting(Part::partNumber).containsExactly(3);
    assertThat(rest.parts().get(0).size()).isEqualTo(777_777L);

    assertCode(() -> s3.completeMultipartUpload(b -> b.bucket("mpu").key("videos/big.bin").uploadId(id)
        .multipartUpload(u -> u.parts(done.get(1), done.get(0)))), "InvalidPartOrder", 400);
    assertCode(() -> s3.completeMultipartUpload(b -> b.bucket("mpu").key("videos/big.bin").uploadId(id)
        .multipartUpload(u -> u.parts(done.get(0), CompletedPart.builder().partNumber(2).eTag("\"00\"").build()))),
        "InvalidPart", 400);
    assertCode(() -> s3.completeMultipartUpload(b -> b.bucket("mpu").key("videos/big.bin").uploadId(id)
        .multipartUpload(u -> u.parts(done.get(2), CompletedPart.builder().partNumber(4).eTag(done.get(0).eTag()).build()))),
        null, 400);

    var completed = s3.completeMultipartUpload(b -> b.bucket("mpu").key("videos/big.bin").uploadId(id)
        .multipartUpload(u -> u.parts(done)));
    assertThat(completed.eTag()).isEqualTo("\"" + etagOf(parts) + "\"");
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    parts.forEach(whole::writeBytes);
    var got = s3.getObjectAsBytes(b -> b.bucket("mpu").key("videos/big.bin"));
    assertThat(md5(got.asByteArray())).isEqualTo(md5(whole.toByteArray()));
    assertThat(got.response().contentType()).isEqualTo("video/mp4");
    assertThat(got.response().metadata()).containsEntry("origin", "camera");
    var head = s3.headObject(b -> b.bucket("mpu").key("videos/big.bin"));
    assertThat(head.contentLength()).isEqualTo(whole.size());
    assertThat(head.eTag()).isEqualTo(completed.eTag());
    assertThat(s3.getObjectAsBytes(b -> b.bucket("mpu").key("videos/big.bin").range("bytes=5242000-5243000")).asByteArray())
        .isEqualTo(java.util.Arrays.copyOfRange(whole.toByteArray(), 5242000, 5243001));
    assertThat(cluster.stripesOnDisk()).as("completion moved the parts' stripes, copied nothing")
        .containsAll(partStripes);
    assertCode(() -> s3.listParts(b -> b.bucket("mpu").key("videos/big.bin").uploadId(id)), "NoSuchUpload", 404);
  }

  @Test
  void abortedAndSupersededPartsLeaveNoShards() throws Exception {
    s3.createBucket(b -> b.bucket("aborts"));
    Set<Long> before = cluster.stripesOnDisk();
    String id = s3.createMultipartUpload(b -> b.bucket("aborts").key("k")).uploadId();
    s3.uploadPart(b -> b.bucket("aborts").key("k").uploadId(id).partNumber(1), RequestBody.fromBytes(random(3 * MIB, 21)));
    Set<Long> firstTry = new HashSet<>(cluster.stripesOnDisk());
    firstTry.removeAll(before);
    assertThat(firstTry).isNotEmpty();
    s3.uploadPart(b -> b.bucket("aborts").key("k").uploadId(id).partNumber(1), RequestBody.fromBytes(random(3 * MIB, 22)));
    s3.uploadPart(b -> b.bucket("aborts").key("k").uploadId(id).partNumber(2), RequestBody.fromBytes(random(MIB, 23)));
    assertThat(S3ObjectsTest.awaitGone(firstTry)).as("the superseded part's shards").isEmpty();
    Set<Long> during = new HashSet<>(cluster.stripesOnDisk());
    during.removeAll(before);
    assertThat(during).isNotEmpty();
    s3.abortMultipartUpload(b -> b.bucket("aborts").key("k").uploadId(id));
    assertThat(S3ObjectsTest.awaitGone(during)).as("the aborted upload's shards").isEmpty();
    assertCode(() -> s3.uploadPart(b -> b.bucket("aborts").key("k").uploadId(id).partNumber(3),
        RequestBody.fromString("late")), "NoSuchUpload", 404);
    assertThat(s3.listMultipartUploads(b -> b.bucket("aborts")).uploads()).isEmpty();

    String two = s3.createMultipartUpload(b -> b.bucket("aborts").key("subset")).uploadId();
    String e1 = s3.uploadPart(b -> b.bucket("aborts").key("subset").uploadId(two).partNumber(1),
        RequestBody.fromBytes(random(MIB, 24))).eTag();
    Set<Long> kept = new HashSet<>(cluster.stripesOnDisk());
    s3.uploadPart(b -> b.bucket("aborts").key("subset").uploadId(two).partNumber(2), RequestBody.fromBytes(random(MIB, 25)));
    Set<Long> unlisted = new HashSet<>(cluster.stripesOnDisk());
    unlisted.removeAll(kept);
    s3.completeMultipartUpload(b -> b.bucket("aborts").key("subset").uploadId(two)
        .multipartUpload(u -> u.parts(CompletedPart.builder().partNumber(1).eTag(e1).build())));
    assertThat(S3ObjectsTest.awaitGone(unlisted)).as("the unlisted part's shards").isEmpty();
    assertThat(s3.headObject(b -> b.bucket("aborts").key("subset")).contentLength()).isEqualTo(MIB);
  }

  @Test
  void partCopiesWithRangesAndUploadListings() throws Exception {
    s3.createBucket(b -> b.bucket("copyparts"));
    byte[] source = random(7 * MIB, 31);
    s3.putObject(b -> b.bucket("copyparts").key("source"), RequestBody.fromBytes(source));
    String id = s3.createMultipartUpload(b -> b.bucket("copyparts").key("dest")).uploadId();
    String e1 = s3.uploadPartCopy(b -> b.sourceBucket("copyparts").sourceKey("source").destinationBucket("copyparts")
        .destinationKey("dest").uploadId(id).partNumber(1).copySourceRange("bytes=0-5242879")).copyPartResult().eTag();
    String e2 = s3.uploadPartCopy(b -> b.sourceBucket("copyparts").sourceKey("source").destinationBucket("copyparts")
        .destinationKey("dest").uploadId(id).partNumber(2).copySourceRange("bytes=6000000-7340031")).copyPartResult().eTag();
    s3.completeMultipartUpload(b -> b.bucket("copyparts").key("dest").uploadId(id).multipartUpload(u -> u.parts(
        CompletedPart.builder().partNumber(1).eTag(e1).build(), CompletedPart.builder().partNumber(2).eTag(e2).build())));
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(source, 0, 5242880);
    expected.write(source, 6000000, 7340032 - 6000000);
    assertThat(md5(s3.getObjectAsBytes(b -> b.bucket("copyparts").key("dest")).asByteArray()))
        .isEqualTo(md5(expected.toByteArray()));

    List<String> ids = new ArrayList<>();
    for (String key : List.of("a/1", "a/2", "b/1", "c", "c")) {
      ids.add(s3.createMultipartUpload(b -> b.bucket("copyparts").key(key)).uploadId());
    }
    ListMultipartUploadsResponse all = s3.listMultipartUploads(b -> b.bucket("copyparts"));
    assertThat(all.uploads()).extracting(MultipartUpload::key).containsExactly("a/1", "a/2", "b/1", "c", "c");
    ListMultipartUploadsResponse grouped = s3.listMultipartUploads(b -> b.bucket("copyparts").delimiter("/"));
    assertThat(grouped.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("a/", "b/");
    assertThat(grouped.uploads()).extracting(MultipartUpload::key).containsExactly("c", "c");
    ListMultipartUploadsResponse page = s3.listMultipartUploads(b -> b.bucket("copyparts").maxUploads(3));
    assertThat(page.isTruncated()).isTrue();
    ListMultipartUploadsResponse next = s3.listMultipartUploads(b -> b.bucket("copyparts")
        .keyMarker(page.nextKeyMarker()).uploadIdMarker(page.nextUploadIdMarker()));
    assertThat(next.uploads()).extracting(MultipartUpload::key).containsExactly("c", "c");
    assertThat(s3.listMultipartUploads(b -> b.bucket("copyparts").prefix("a/")).uploads()).hasSize(2);
    // One item a page with a delimiter: a page ending with a common prefix still says where to go on.
    List<String> walked = new ArrayList<>();
    String keyMarker = null;
    String idMarker = null;
    for (int pages = 0; pages < 10; pages++) {
      String km = keyMarker;
      String im = idMarker;
      ListMultipartUploadsResponse one = s3.listMultipartUploads(b -> b.bucket("copyparts").delimiter("/")
          .maxUploads(1).keyMarker(km).uploadIdMarker(im));
      one.commonPrefixes().forEach(p -> walked.add(p.prefix()));
      one.uploads().forEach(u -> walked.add(u.key()));
      if (!one.isTruncated()) {
        break;
      }
      assertThat(one.nextKeyMarker()).as("a truncated page names its last item").isNotNull();
      keyMarker = one.nextKeyMarker();
      idMarker = one.nextUploadIdMarker();
    }
    assertThat(walked).containsExactly("a/", "b/", "c", "c");
    assertCode(() -> s3.deleteBucket(b -> b.bucket("copyparts")), "BucketNotEmpty", 409);
    List<String> keys = List.of("a/1", "a/2", "b/1", "c", "c");
    for (int i = 0; i < ids.size(); i++) {
      String key = keys.get(i);
      String upload = ids.get(i);
      s3.abortMultipartUpload(b -> b.bucket("copyparts").key(key).uploadId(upload));
    }
  }

  @Test
  void tagsCorsAndVersionListingsAnswer() throws Exception {
    s3.createBucket(b -> b.bucket("extras"));
    s3.putObject(b -> b.bucket("extras").key("doc.txt").tagging("team=blue&year=2026"), RequestBody.fromString("doc"));
    assertThat(s3.getObjectTagging(b -> b.bucket("extras").key("doc.txt")).tagSet())
        .extracting(Tag::key, Tag::value).containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("team", "blue"), org.assertj.core.groups.Tuple.tuple("year", "2026"));
    s3.putObjectTagging(b -> b.bucket("extras").key("doc.txt").tagging(t -> t.tagSet(
        Tag.builder().key("k.with$dots").value("v").build())));
    assertThat(s3.getObjectTagging(b -> b.bucket("extras").key("doc.txt")).tagSet()).extracting(Tag::key)
        .containsExactly("k.with$dots");
    assertThat(s3.getObjectAsBytes(b -> b.bucket("extras").key("doc.txt")).asUtf8String()).isEqualTo("doc");
    s3.deleteObjectTagging(b -> b.bucket("extras").key("doc.txt"));
    assertThat(s3.getObjectTagging(b -> b.bucket("extras").key("doc.txt")).tagSet()).isEmpty();

    assertCode(() -> s3.getBucketCors(b -> b.bucket("extras")), "NoSuchCORSConfiguration", 404);
    s3.putBucketCors(b -> b.bucket("extras").corsConfiguration(c -> c.corsRules(CORSRule.builder()
        .allowedOrigins("https://app.example").allowedMethods("GET", "PUT").allowedHeaders("*").maxAgeSeconds(600).build())));
    assertThat(s3.getBucketCors(b -> b.bucket("extras")).corsRules()).singleElement()
        .satisfies(r -> assertThat(r.allowedOrigins()).containsExactly("https://app.example"));
    Thread.sleep(300);
    HttpResponse<String> preflight = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
        HttpRequest.newBuilder(URI.create(cluster.endpoint() + "/extras/doc.txt"))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example")
            .header("Access-Control-Request-Method", "PUT").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("access-control-allow-origin")).contains("https://app.example");
    HttpResponse<String> refused = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
        HttpRequest.newBuilder(URI.create(cluster.endpoint() + "/extras/doc.txt"))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.example")
            .header("Access-Control-Request-Method", "PUT").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(403);

    var versions = s3.listObjectVersions(b -> b.bucket("extras"));
    assertThat(versions.versions()).singleElement().satisfies(v -> {
      assertThat(v.key()).isEqualTo("doc.txt");
      assertThat(v.versionId()).isEqualTo("null");
      assertThat(v.isLatest()).isTrue();
    });
  }
}
