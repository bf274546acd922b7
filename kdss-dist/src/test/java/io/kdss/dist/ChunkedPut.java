package io.kdss.dist;

import io.kdss.s3.sigv4.AmzDates;
import io.kdss.s3.sigv4.CanonicalRequest;
import io.kdss.s3.sigv4.SigV4Signer;
import io.kdss.s3.sigv4.SignableRequest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PUT with a STREAMING-AWS4-HMAC-SHA256-PAYLOAD body built by hand (seed signature over the
 * headers, then one signature per chunk chained from it), optionally with one chunk signature
 * forged, to see the gateway check every chunk.
 */
final class ChunkedPut {

  private ChunkedPut() {
  }

  static HttpResponse<String> send(String endpoint, String path, String accessKey, String secret, byte[] body,
      int chunkSize, int forgedChunk) throws Exception {
    Instant now = Instant.now();
    String amzDate = AmzDates.format(now);
    String date = amzDate.substring(0, 8);
    String scope = date + "/us-east-1/s3/aws4_request";
    URI uri = URI.create(endpoint + path);
    Map<String, String> headers = new TreeMap<>();
    headers.put("host", uri.getHost() + ":" + uri.getPort());
    headers.put("x-amz-date", amzDate);
    headers.put("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
    headers.put("x-amz-decoded-content-length", Integer.toString(body.length));
    headers.put("content-encoding", "aws-chunked");
    Map<String, List<String>> signable = new TreeMap<>();
    headers.forEach((k, v) -> signable.put(k, List.of(v)));
    List<String> signed = List.copyOf(headers.keySet());
    String canonical = CanonicalRequest.build(SignableRequest.of("PUT", uri.getRawPath(), null, signable), signed,
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", null);
    byte[] key = SigV4Signer.signingKey(secret, date, "us-east-1", "s3");
    String seed = SigV4Signer.signature(key, SigV4Signer.stringToSign(amzDate, scope, canonical));
    ByteArrayOutputStream framed = new ByteArrayOutputStream();
    String previous = seed;
    int index = 0;
    for (int at = 0; ; at += chunkSize, index++) {
      int n = Math.max(0, Math.min(chunkSize, body.length - at));
      byte[] chunk = java.util.Arrays.copyOfRange(body, Math.min(at, body.length), Math.min(at, body.length) + n);
      String sig = SigV4Signer.signature(key, SigV4Signer.chunkStringToSign(amzDate, scope, previous,
          SigV4Signer.sha256Hex(chunk)));
      previous = sig;
      String sent = index == forgedChunk ? HexFormat.of().formatHex(new byte[32]) : sig;
      framed.write((Integer.toHexString(n) + ";chunk-signature=" + sent + "\r\n").getBytes(StandardCharsets.US_ASCII));
      framed.write(chunk);
      framed.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      if (n == 0) {
        break;
      }
    }
    String authorization = "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ", SignedHeaders="
        + String.join(";", signed) + ", Signature=" + seed;
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofByteArray(framed.toByteArray()))
        .header("Authorization", authorization);
    headers.forEach((k, v) -> {
      if (!k.equals("host")) {
        req.header(k, v);
      }
    });
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(req.build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
