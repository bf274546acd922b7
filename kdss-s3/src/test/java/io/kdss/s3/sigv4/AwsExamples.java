package io.kdss.s3.sigv4;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The worked examples of AWS's "Signature Calculations for the Authorization Header" S3 page. */
final class AwsExamples {

  static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
  static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String AMZ_DATE = "20130524T000000Z";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2013-05-24T00:00:00Z"), ZoneOffset.UTC);
  static final String CREDENTIAL = ACCESS_KEY + "/20130524/us-east-1/s3/aws4_request";

  private AwsExamples() {
  }

  static Map<String, List<String>> headers(String... pairs) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      h.put(pairs[i], List.of(pairs[i + 1]));
    }
    return h;
  }

  static String authorization(String signedHeaders, String signature) {
    return "AWS4-HMAC-SHA256 Credential=" + CREDENTIAL + ",SignedHeaders=" + signedHeaders + ",Signature=" + signature;
  }

  /** GET /test.txt with Range: bytes=0-9. */
  static SignableRequest getObject(String signature) {
    return SignableRequest.of("GET", "/test.txt", null, headers(
        "Host", "examplebucket.s3.amazonaws.com",
        "Range", "bytes=0-9",
        "x-amz-content-sha256", SigV4Signer.EMPTY_SHA256,
        "x-amz-date", AMZ_DATE,
        "Authorization", authorization("host;range;x-amz-content-sha256;x-amz-date", signature)));
  }

  static final String GET_OBJECT_SIGNATURE = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";

  /** PUT /test$file.text with body "Welcome to Amazon S3.". */
  static SignableRequest putObject(String signature) {
    return SignableRequest.of("PUT", "/test%24file.text", null, headers(
        "Host", "examplebucket.s3.amazonaws.com",
        "Date", "Fri, 24 May 2013 00:00:00 GMT",
        "x-amz-date", AMZ_DATE,
        "x-amz-storage-class", "REDUCED_REDUNDANCY",
        "x-amz-content-sha256", "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072",
        "Authorization", authorization("date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class", signature)));
  }

  static final String PUT_OBJECT_SIGNATURE = "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd";

  /** GET /?lifecycle. */
  static SignableRequest getLifecycle(String signature) {
    return SignableRequest.of("GET", "/", "lifecycle", headers(
        "Host", "examplebucket.s3.amazonaws.com",
        "x-amz-date", AMZ_DATE,
        "x-amz-content-sha256", SigV4Signer.EMPTY_SHA256,
        "Authorization", authorization("host;x-amz-content-sha256;x-amz-date", signature)));
  }

  static final String GET_LIFECYCLE_SIGNATURE = "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543";

  /** GET /?max-keys=2&prefix=J. */
  static SignableRequest listObjects(String signature) {
    return SignableRequest.of("GET", "/", "max-keys=2&prefix=J", headers(
        "Host", "examplebucket.s3.amazonaws.com",
        "x-amz-date", AMZ_DATE,
        "x-amz-content-sha256", SigV4Signer.EMPTY_SHA256,
        "Authorization", authorization("host;x-amz-content-sha256;x-amz-date", signature)));
  }

  static final String LIST_OBJECTS_SIGNATURE = "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7";

  /** The presigned GET /test.txt, valid 86400 s. */
  static SignableRequest presignedGet(String signature) {
    return SignableRequest.of("GET", "/test.txt", "X-Amz-Algorithm=AWS4-HMAC-SHA256"
        + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
        + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=" + signature,
        headers("Host", "examplebucket.s3.amazonaws.com"));
  }

  static final String PRESIGNED_SIGNATURE = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

  /** The seed request of the aws-chunked upload example (66560 bytes in chunks of 64 KiB). */
  static SignableRequest chunkedPut(String signature) {
    return SignableRequest.of("PUT", "/examplebucket/chunkObject.txt", null, headers(
        "Host", "s3.amazonaws.com",
        "x-amz-date", AMZ_DATE,
        "x-amz-storage-class", "REDUCED_REDUNDANCY",
        "Content-Encoding", "aws-chunked",
        "x-amz-decoded-content-length", "66560",
        "Content-Length", "66824",
        "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
        "Authorization", authorization("content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
            + "x-amz-decoded-content-length;x-amz-storage-class", signature)));
  }

  static final String CHUNKED_SEED_SIGNATURE = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
  static final String CHUNK1_SIGNATURE = "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648";
  static final String CHUNK2_SIGNATURE = "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497";
  static final String FINAL_CHUNK_SIGNATURE = "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9";
}
