package io.kdss.s3.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Random;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The gateway over HTTPS with the AWS SDK v2: there the SDK sends uploads as
 * STREAMING-UNSIGNED-PAYLOAD-TRAILER with a CRC32 trailer (its default on TLS). A bucket policy
 * that denies any other payload mode and any non-TLS request proves both the mode and the
 * aws:SecureTransport condition key.
 */
@Timeout(60)
class TlsSdkTest {

  @TempDir
  Path dir;

  @Test
  void sdkOverHttpsUsesUnsignedTrailerUploads() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
    assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
    try (GatewayFixture gw = new GatewayFixture(1, o -> o.setTls(cert.toString(), key.toString()));
         S3Client s3 = S3Client.builder().endpointOverride(URI.create("https://localhost:" + gw.port))
             .region(Region.US_EAST_1).forcePathStyle(true)
             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                 GatewayFixture.ADMIN.accessKeyId(), GatewayFixture.ADMIN.secretKey())))
             .httpClient(ApacheHttpClient.builder().tlsTrustManagersProvider(() -> trust(cert)).build()).build()) {
      s3.createBucket(b -> b.bucket("tls-bucket"));
      s3.putBucketPolicy(b -> b.bucket("tls-bucket").policy("""
          {"Statement": [
            {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
            {"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::tls-bucket/*",
             "Condition": {"StringNotEquals": {"s3:x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER"}}}]}"""));
      byte[] data = new byte[2 * 1024 * 1024 + 3];
      new Random(5).nextBytes(data);
      s3.putObject(b -> b.bucket("tls-bucket").key("over-tls"), RequestBody.fromBytes(data));
      assertThat(gw.backend.data("tls-bucket", "over-tls")).isEqualTo(data);
      assertThat(s3.getObjectAsBytes(b -> b.bucket("tls-bucket").key("over-tls")).asByteArray()).isEqualTo(data);
    }
  }

  private static javax.net.ssl.TrustManager[] trust(Path cert) {
    try (InputStream in = Files.newInputStream(cert)) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry("kdss", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      return tmf.getTrustManagers();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
