package io.kdss.s3.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.s3.auth.StaticAccessKeys.TestKey;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The gateway's HTTP behaviour byte for byte: errors, addressing, 100-continue, aborted uploads, CORS, ops endpoints. */
@Timeout(60)
class GatewayHttpTest {

  static GatewayFixture gw;
  static final TestKey ADMIN = GatewayFixture.ADMIN;

  @BeforeAll
  static void start() throws Exception {
    gw = new GatewayFixture(2);
    assertThat(signed("PUT", "/web", null, new byte[0]).status()).isEqualTo(200);
    assertThat(signed("PUT", "/web/index.html", null, "<h1>hi</h1>".getBytes(StandardCharsets.UTF_8)).status())
        .isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  static RawHttp.Response signed(String method, String path, String query, byte[] body) throws Exception {
    return signed(method, path, query, body, new LinkedHashMap<>());
  }

  static RawHttp.Response signed(String method, String path, String query, byte[] body, Map<String, String> headers)
      throws Exception {
    headers.putIfAbsent("Host", "127.0.0.1:" + gw.port);
    headers.put("Content-Length", Integer.toString(body.length));
    RawHttp.sign(ADMIN, method, path, query, headers, body);
    return RawHttp.exchange(gw.port, RawHttp.head(method, query == null ? path : path + "?" + query, headers), body);
  }

  static RawHttp.Response anonymous(String method, String target, Map<String, String> headers) throws Exception {
    headers.putIfAbsent("Host", "127.0.0.1:" + gw.port);
    return RawHttp.exchange(gw.port, RawHttp.head(method, target, headers), null);
  }

  @Test
  void errorsAreS3XmlWithRequestIdsAndHeadHasNoBody() throws Exception {
    RawHttp.Response get = signed("GET", "/web/missing", null, new byte[0]);
    assertThat(get.status()).isEqualTo(404);
    assertThat(get.header("content-type")).isEqualTo("application/xml");
    assertThat(get.body()).contains("<Code>NoSuchKey</Code>").contains("<Resource>/web/missing</Resource>")
        .contains("<Key>missing</Key>")
        .contains("<RequestId>" + get.header("x-amz-request-id") + "</RequestId>");
    assertThat(get.header("x-amz-id-2")).isNotBlank();
    assertThat(get.closed()).as("keep-alive after an error on a bodiless request").isFalse();
    RawHttp.Response head = signed("HEAD", "/web/missing", null, new byte[0]);
    assertThat(head.status()).isEqualTo(404);
    assertThat(head.header("x-amz-request-id")).isNotBlank().isNotEqualTo(get.header("x-amz-request-id"));
    assertThat(head.body()).isEmpty();
    assertThat(signed("GET", "/nobucket/k", null, new byte[0]).body()).contains("<Code>NoSuchBucket</Code>")
        .contains("<BucketName>nobucket</BucketName>");
    RawHttp.Response ok = signed("HEAD", "/web/index.html", null, new byte[0]);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.header("content-length")).isEqualTo("11");
    assertThat(ok.header("etag")).startsWith("\"");
    assertThat(ok.header("content-type")).isEqualTo("binary/octet-stream");
  }

  @Test
  void listingsRefuseBadContinuationTokensAndAlwaysCarryV1Marker() throws Exception {
    assertThat(signed("GET", "/web", "list-type=2&continuation-token=", new byte[0]).body())
        .contains("<Code>InvalidArgument</Code>").contains("<ArgumentName>continuation-token</ArgumentName>");
    // "_w" is the base64url of the byte 0xFF, which no UTF-8 text holds.
    assertThat(signed("GET", "/web", "continuation-token=_w&list-type=2", new byte[0]).body())
        .contains("<Code>InvalidArgument</Code>");
    assertThat(signed("GET", "/web", "list-type=2&continuation-token=aW5kZXg", new byte[0]).status())
        .as("a token of a key (\"index\")").isEqualTo(200);
    assertThat(signed("GET", "/web", null, new byte[0]).body()).contains("<Marker></Marker>");
  }

  @Test
  void requestShapesGetTheirCodes() throws Exception {
    assertThat(signed("GET", "/web", "website", new byte[0]).body()).contains("<Code>NotImplemented</Code>");
    assertThat(signed("PATCH", "/web/index.html", null, new byte[0]).body()).contains("<Code>MethodNotAllowed</Code>");
    assertThat(signed("GET", "/Not_A_Bucket/k", null, new byte[0]).body()).contains("<Code>InvalidBucketName</Code>");
    assertThat(signed("GET", "/web/" + "k".repeat(1025), null, new byte[0]).body()).contains("<Code>KeyTooLongError</Code>");
    assertThat(anonymous("GET", "/", new LinkedHashMap<>()).body()).contains("<Code>AccessDenied</Code>");
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("Authorization", "AWS4-HMAC-SHA256 Credential=x");
    assertThat(anonymous("GET", "/web/index.html", bad).body()).contains("<Code>AuthorizationHeaderMalformed</Code>");
  }

  @Test
  void virtualHostStyleAddressesTheBucketFromTheHost() throws Exception {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Host", "web.s3.localhost:" + gw.port);
    RawHttp.Response r = signed("GET", "/index.html", null, new byte[0], h);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("<h1>hi</h1>");
    Map<String, String> h2 = new LinkedHashMap<>();
    h2.put("Host", "web.localhost");
    assertThat(signed("GET", "/", "list-type=2", new byte[0], h2).body()).contains("<Key>index.html</Key>");
  }

  @Test
  void payloadMismatchesAreRefusedAndNothingIsStored() throws Exception {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("x-amz-content-sha256", "0".repeat(64));
    RawHttp.Response sha = signed("PUT", "/web/sha", null, "body".getBytes(StandardCharsets.UTF_8), h);
    assertThat(sha.body()).contains("<Code>XAmzContentSHA256Mismatch</Code>");
    Map<String, String> md5 = new LinkedHashMap<>();
    md5.put("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==");
    assertThat(signed("PUT", "/web/md5", null, "body".getBytes(StandardCharsets.UTF_8), md5).body())
        .contains("<Code>BadDigest</Code>");
    assertThat(gw.backend.exists("web", "sha")).isFalse();
    assertThat(gw.backend.exists("web", "md5")).isFalse();
    Map<String, String> chunked = new LinkedHashMap<>();
    chunked.put("Host", "127.0.0.1:" + gw.port);
    chunked.put("Transfer-Encoding", "chunked");
    chunked.put("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
    RawHttp.sign(ADMIN, "PUT", "/web/nolength", null, chunked, new byte[0]);
    RawHttp.Response r = RawHttp.exchange(gw.port, RawHttp.head("PUT", "/web/nolength", chunked),
        "4\r\nbody\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(r.status()).isEqualTo(411);
    assertThat(r.body()).contains("<Code>MissingContentLength</Code>");
  }

  @Test
  void refusedUploadWithExpectContinueNeverGetsA100AndTheConnectionCloses() throws Exception {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Expect", "100-continue");
    h.put("Content-Length", "1000000");
    RawHttp.Response r = anonymous("PUT", "/web/intruder", h);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body()).contains("<Code>AccessDenied</Code>");
    assertThat(r.header("connection")).isEqualTo("close");
    assertThat(r.closed()).isTrue();
    Map<String, String> ok = new LinkedHashMap<>();
    ok.put("Expect", "100-continue");
    ok.put("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
    ok.put("Host", "127.0.0.1:" + gw.port);
    ok.put("Content-Length", "5");
    RawHttp.sign(ADMIN, "PUT", "/web/continued", null, ok, new byte[0]);
    try (Socket s = new Socket("127.0.0.1", gw.port)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(RawHttp.head("PUT", "/web/continued", ok).getBytes(StandardCharsets.UTF_8));
      assertThat(RawHttp.read(s.getInputStream(), false).status()).isEqualTo(100);
      s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
      assertThat(RawHttp.read(s.getInputStream(), false).status()).isEqualTo(200);
    }
    assertThat(new String(gw.backend.data("web", "continued"), StandardCharsets.US_ASCII)).isEqualTo("hello");
  }

  /**
   * A conditional PUT gets its 100 Continue only when the backend reads the body, so one the
   * backend refuses first (here: the in-memory backend serves no conditions) never sends it; a
   * malformed condition is refused before the backend is asked.
   */
  @Test
  void conditionalUploadRefusedByTheBackendNeverGetsA100() throws Exception {
    for (String ifNoneMatch : List.of("*", "\"abc\"")) {
      Map<String, String> h = new LinkedHashMap<>();
      h.put("Expect", "100-continue");
      h.put("If-None-Match", ifNoneMatch);
      h.put("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
      h.put("Host", "127.0.0.1:" + gw.port);
      h.put("Content-Length", "5");
      RawHttp.sign(ADMIN, "PUT", "/web/conditional", null, h, new byte[0]);
      try (Socket s = new Socket("127.0.0.1", gw.port)) {
        s.setSoTimeout(5000);
        s.getOutputStream().write(RawHttp.head("PUT", "/web/conditional", h).getBytes(StandardCharsets.UTF_8));
        RawHttp.Response r = RawHttp.read(s.getInputStream(), false);
        assertThat(r.status()).as(ifNoneMatch).isEqualTo(501);
        assertThat(r.body()).contains("<Code>NotImplemented</Code>");
      }
    }
    assertThat(gw.backend.exists("web", "conditional")).isFalse();
  }

  @Test
  void oversizedUploadIsRefusedBeforeItsBody() throws Exception {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
    h.put("Host", "127.0.0.1:" + gw.port);
    h.put("Content-Length", Long.toString(gw.options.maxObjectSize() + 1));
    RawHttp.sign(ADMIN, "PUT", "/web/huge", null, h, new byte[0]);
    RawHttp.Response r = RawHttp.exchange(gw.port, RawHttp.head("PUT", "/web/huge", h), new byte[1000]);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("<Code>EntityTooLarge</Code>").contains("<MaxSizeAllowed>");
    assertThat(r.closed()).isTrue();
  }

  @Test
  void clientDisconnectingMidUploadLeavesNoObject() throws Exception {
    int abortedBefore = gw.backend.abortedWrites;
    Map<String, String> h = new LinkedHashMap<>();
    h.put("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
    h.put("Host", "127.0.0.1:" + gw.port);
    h.put("Content-Length", "1000000");
    RawHttp.sign(ADMIN, "PUT", "/web/half", null, h, new byte[0]);
    try (Socket s = new Socket("127.0.0.1", gw.port)) {
      OutputStream out = s.getOutputStream();
      out.write(RawHttp.head("PUT", "/web/half", h).getBytes(StandardCharsets.UTF_8));
      out.write(new byte[300_000]);
      out.flush();
      Thread.sleep(200);
    }
    long deadline = System.currentTimeMillis() + 5000;
    while (gw.backend.abortedWrites == abortedBefore && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(gw.backend.abortedWrites).isGreaterThan(abortedBefore);
    assertThat(gw.backend.exists("web", "half")).isFalse();
  }

  @Test
  void corsPreflightAndActualRequests() throws Exception {
    String cors = "<CORSConfiguration><CORSRule><AllowedOrigin>https://*.example.com</AllowedOrigin>"
        + "<AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader>"
        + "<MaxAgeSeconds>60</MaxAgeSeconds></CORSRule></CORSConfiguration>";
    assertThat(signed("PUT", "/web", "cors", cors.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
    assertThat(signed("GET", "/web", "cors", new byte[0]).body()).contains("<AllowedOrigin>https://*.example.com</AllowedOrigin>");
    Map<String, String> pre = new LinkedHashMap<>();
    pre.put("Origin", "https://app.example.com");
    pre.put("Access-Control-Request-Method", "GET");
    pre.put("Access-Control-Request-Headers", "x-amz-date, authorization");
    RawHttp.Response ok = anonymous("OPTIONS", "/web/index.html", pre);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.header("access-control-allow-origin")).isEqualTo("https://app.example.com");
    assertThat(ok.header("access-control-allow-headers")).isEqualTo("x-amz-date, authorization");
    assertThat(ok.header("access-control-max-age")).isEqualTo("60");
    Map<String, String> denied = new LinkedHashMap<>(pre);
    denied.put("Origin", "https://evil.org");
    RawHttp.Response no = anonymous("OPTIONS", "/web/index.html", denied);
    assertThat(no.status()).isEqualTo(403);
    assertThat(no.body()).contains("<Code>AccessForbidden</Code>");
    Map<String, String> actual = new LinkedHashMap<>();
    actual.put("Origin", "https://app.example.com");
    RawHttp.Response get = signed("GET", "/web/index.html", null, new byte[0], actual);
    assertThat(get.header("access-control-allow-origin")).isEqualTo("https://app.example.com");
    assertThat(get.header("access-control-expose-headers")).isEqualTo("ETag");
  }

  @Test
  void healthAndMetricsStayOnTheS3Port() throws Exception {
    signed("GET", "/web/nothing-here", null, new byte[0]);
    RawHttp.Response health = anonymous("GET", "/health", new LinkedHashMap<>());
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\"");
    String metrics = gw.registry.scrape();
    assertThat(metrics).contains("kdss_s3_requests_seconds_bucket{").contains("op=\"GetObject\"")
        .contains("kdss_s3_errors_total{code=\"NoSuchKey\"").contains("kdss_s3_received_bytes_total{");
  }
}
