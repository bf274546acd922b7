package io.kdss.s3.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.s3.backend.MemoryBackend;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * End-to-end backpressure of an upload: while the backend takes no bytes, the client cannot get
 * further ahead than the socket and network buffers hold, whatever the declared size; once the
 * backend reads, the whole body flows through.
 */
@Timeout(60)
class UploadBackpressureTest {

  static final long SIZE = 256L * 1024 * 1024;
  /** Kernel socket buffers on loopback plus one Netty read: far below the body's size. */
  static final long MAX_AHEAD = 24L * 1024 * 1024;

  @Test
  void aStalledBackendStallsTheClient() throws Exception {
    try (GatewayFixture gw = new GatewayFixture(1)) {
      GatewayHttpTest.gw = gw;
      assertThat(GatewayHttpTest.signed("PUT", "/bpbucket", null, new byte[0]).status()).isEqualTo(200);
      gw.backend.holdBodies = true;
      Map<String, String> h = new LinkedHashMap<>();
      h.put("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
      h.put("Host", "127.0.0.1:" + gw.port);
      h.put("Content-Length", Long.toString(SIZE));
      RawHttp.sign(GatewayFixture.ADMIN, "PUT", "/bpbucket/big", null, h, new byte[0]);
      AtomicLong written = new AtomicLong();
      try (Socket s = new Socket("127.0.0.1", gw.port)) {
        Thread writer = Thread.ofPlatform().start(() -> {
          try {
            OutputStream out = s.getOutputStream();
            out.write(RawHttp.head("PUT", "/bpbucket/big", h).getBytes(StandardCharsets.UTF_8));
            byte[] block = new byte[64 * 1024];
            for (long sent = 0; sent < SIZE; sent += block.length) {
              out.write(block);
              written.addAndGet(block.length);
            }
            out.flush();
          } catch (Exception e) {
            // the assertions below report what happened
          }
        });
        MemoryBackend.HeldBody body = gw.backend.held.poll(10, TimeUnit.SECONDS);
        assertThat(body).isNotNull();
        body.context().runOnContext(v -> body.stream().fetch(16));
        Thread.sleep(1500);
        long ahead = written.get() - body.received().get();
        assertThat(body.received().get()).isLessThanOrEqualTo(16L * 64 * 1024);
        assertThat(ahead).as("bytes the client got ahead of a stalled backend").isLessThan(MAX_AHEAD);
        assertThat(written.get()).isLessThan(SIZE / 4);
        body.context().runOnContext(v -> body.stream().resume());
        writer.join(30_000);
        RawHttp.Response r = RawHttp.read(s.getInputStream(), false);
        assertThat(r.status()).as(r.body() + " ahead=" + ahead + " written=" + written.get()).isEqualTo(200);
        assertThat(body.received().get()).isEqualTo(SIZE);
      }
    }
  }
}
