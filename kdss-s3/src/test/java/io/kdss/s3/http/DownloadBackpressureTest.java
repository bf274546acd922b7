package io.kdss.s3.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * End-to-end backpressure of a download: the object's bytes are produced only as fast as the
 * client reads them (plus socket buffers), and all of them arrive when it reads on.
 */
@Timeout(60)
class DownloadBackpressureTest {

  static final long SIZE = 512L * 1024 * 1024;
  static final long MAX_AHEAD = 24L * 1024 * 1024;

  @Test
  void aSlowClientSlowsTheBackendRead() throws Exception {
    try (GatewayFixture gw = new GatewayFixture(1)) {
      GatewayHttpTest.gw = gw;
      assertThat(GatewayHttpTest.signed("PUT", "/dlbucket", null, new byte[0]).status()).isEqualTo(200);
      gw.backend.putSynthetic("dlbucket", "huge", SIZE);
      Map<String, String> h = new LinkedHashMap<>();
      h.put("Host", "127.0.0.1:" + gw.port);
      RawHttp.sign(GatewayFixture.ADMIN, "GET", "/dlbucket/huge", null, h, new byte[0]);
      try (Socket s = new Socket("127.0.0.1", gw.port)) {
        s.setReceiveBufferSize(256 * 1024);
        s.getOutputStream().write(RawHttp.head("GET", "/dlbucket/huge", h).getBytes(StandardCharsets.UTF_8));
        InputStream in = s.getInputStream();
        assertThat(RawHttp.line(in)).startsWith("HTTP/1.1 200");
        while (!RawHttp.line(in).isEmpty()) {
          // headers
        }
        long read = in.readNBytes(1024 * 1024).length;
        Thread.sleep(1500);
        long ahead = gw.backend.syntheticProduced.get() - read;
        assertThat(ahead).as("bytes produced ahead of a stalled client").isLessThan(MAX_AHEAD);
        byte[] buf = new byte[1 << 20];
        while (read < SIZE) {
          int n = in.read(buf);
          if (n < 0) {
            break;
          }
          read += n;
        }
        assertThat(read).isEqualTo(SIZE);
        assertThat(gw.backend.syntheticProduced.get()).isEqualTo(SIZE);
      }
    }
  }
}
