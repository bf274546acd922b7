package io.kdss.s3.http;

import io.kdss.s3.auth.StaticAccessKeys.TestKey;
import io.kdss.s3.sigv4.AmzDates;
import io.kdss.s3.sigv4.CanonicalRequest;
import io.kdss.s3.sigv4.CredentialScope;
import io.kdss.s3.sigv4.SigV4Signer;
import io.kdss.s3.sigv4.SignableRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte, for what HTTP client libraries hide: the Host
 * header, Expect: 100-continue, bodies cut short, connection closes. Signs with SigV4 when given a key.
 */
final class RawHttp {

  record Response(int status, Map<String, String> headers, String body, boolean closed) {

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp() {
  }

  /** Adds Authorization (SigV4, signed payload hash) and x-amz-date/x-amz-content-sha256 to {@code headers}. */
  static void sign(TestKey key, String method, String path, String query, Map<String, String> headers, byte[] body) {
    String date = AmzDates.format(Instant.now());
    headers.put("x-amz-date", date);
    headers.putIfAbsent("x-amz-content-sha256", SigV4Signer.sha256Hex(body));
    Map<String, List<String>> h = new LinkedHashMap<>();
    headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), List.of(v)));
    List<String> signed = new ArrayList<>(h.keySet());
    signed.removeIf(n -> n.equals("expect") || n.equals("content-length"));
    java.util.Collections.sort(signed);
    SignableRequest r = SignableRequest.of(method, path, query, h);
    String canonical = CanonicalRequest.build(r, signed, headers.get("x-amz-content-sha256"), null);
    CredentialScope scope = new CredentialScope(key.accessKeyId(), date.substring(0, 8), "us-east-1", "s3");
    String sig = SigV4Signer.signature(SigV4Signer.signingKey(key.secretKey(), scope.date(), "us-east-1", "s3"),
        SigV4Signer.stringToSign(date, scope.scope(), canonical));
    headers.put("Authorization", "AWS4-HMAC-SHA256 Credential=" + key.accessKeyId() + "/" + scope.scope()
        + ",SignedHeaders=" + String.join(";", signed) + ",Signature=" + sig);
  }

  static Response exchange(int port, String requestHead, byte[] body) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(requestHead.getBytes(StandardCharsets.UTF_8));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      Response r = read(s.getInputStream(), requestHead.startsWith("HEAD "));
      s.setSoTimeout(150);
      boolean closed;
      try {
        closed = s.getInputStream().read() < 0;
      } catch (java.net.SocketTimeoutException e) {
        closed = false;
      } catch (IOException e) {
        closed = true;
      }
      return new Response(r.status(), r.headers(), r.body(), closed);
    }
  }

  static String head(String method, String target, Map<String, String> headers) {
    StringBuilder sb = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
    headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
    return sb.append("\r\n").toString();
  }

  static Response read(InputStream in, boolean head) throws IOException {
    String statusLine = line(in);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      headers.put(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    if (status == 100) {
      return new Response(100, headers, "", false);
    }
    String length = headers.get("content-length");
    byte[] body = new byte[0];
    if (!head && length != null) {
      body = in.readNBytes(Integer.parseInt(length));
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8), false);
  }

  static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.UTF_8);
  }
}
