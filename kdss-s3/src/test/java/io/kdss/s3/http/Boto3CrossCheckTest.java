package io.kdss.s3.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * boto3 (botocore's SigV4 signer, its checksum trailers, its multipart transfer manager) against
 * the running gateway. Needs python3-boto3 (scripts/install-deps installs it; CI has it).
 */
@Timeout(120)
class Boto3CrossCheckTest {

  @Test
  void boto3ClientWorksEndToEnd() throws Exception {
    assumeTrue(new ProcessBuilder("python3", "-c", "import boto3").start().waitFor() == 0,
        "python3-boto3 is not installed (scripts/install-deps installs it)");
    Path script = Files.createTempFile("boto3_check", ".py");
    try (var in = getClass().getResourceAsStream("/clients/boto3_check.py")) {
      Files.write(script, in.readAllBytes());
    }
    try (GatewayFixture gw = new GatewayFixture(1)) {
      Process p = new ProcessBuilder("python3", script.toString(), gw.endpoint(), GatewayFixture.ADMIN.accessKeyId(),
          GatewayFixture.ADMIN.secretKey()).redirectErrorStream(true).redirectInput(new File("/dev/null")).start();
      boolean done = p.waitFor(100, TimeUnit.SECONDS);
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(done).as(out).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("OK put/get", "OK multipart upload_file", "OK list", "OK presigned",
          "OK copy/delete_objects", "OK errors");
    } finally {
      Files.deleteIfExists(script);
    }
  }
}
