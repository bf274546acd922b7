package io.kdss.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthPrimitivesTest {

  @TempDir
  Path dir;

  @Test
  void signingKeyMatchesAwsPublishedExample() {
    // From AWS's "Examples of how to derive a signing key for Signature Version 4".
    byte[] key = SigningKeys.derive("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");
    assertThat(SigningKeys.hex(key)).isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
  }

  @Test
  void sealedSecretsOpenOnlyWithTheirKeyAndRecord() {
    byte[] masterKey = SecretBox.newKey();
    SecretBox box = new SecretBox(masterKey);
    String sealed = box.seal("s3cr3t/value+", "KDAAAAAAAAAAAAAAAAAA");
    assertThat(sealed).startsWith("v1:").doesNotContain("s3cr3t");
    assertThat(box.open(sealed, "KDAAAAAAAAAAAAAAAAAA")).isEqualTo("s3cr3t/value+");
    assertThat(box.seal("same", "x")).isNotEqualTo(box.seal("same", "x"));
    assertThatThrownBy(() -> box.open(sealed, "KDBBBBBBBBBBBBBBBBBB")).hasMessageContaining("does not open");
    assertThatThrownBy(() -> new SecretBox(SecretBox.newKey()).open(sealed, "KDAAAAAAAAAAAAAAAAAA"))
        .hasMessageContaining("does not open");
    char[] chars = sealed.toCharArray();
    chars[10] = chars[10] == 'A' ? 'B' : 'A';
    assertThatThrownBy(() -> box.open(new String(chars), "KDAAAAAAAAAAAAAAAAAA")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SecretBox(new byte[16])).hasMessageContaining("32 bytes");
  }

  @Test
  void credentialsFileRoundTripsAndIsPrivate() throws Exception {
    Path file = dir.resolve("sub/credentials");
    new CredentialsFile("KDEXAMPLEEXAMPLEEXAM", "abc/def+ghi").write(file);
    assertThat(CredentialsFile.read(file)).contains(new CredentialsFile("KDEXAMPLEEXAMPLEEXAM", "abc/def+ghi"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.readString(file)).startsWith("[default]\naws_access_key_id = KDEXAMPLEEXAMPLEEXAM\n");
    assertThat(CredentialsFile.read(dir.resolve("none"))).isEmpty();
    assertThat(new CredentialsFile("a", "b").toString()).doesNotContain("b]");
  }

  @Test
  void generatedKeysHaveTheirShape() {
    String id = AccessKeys.newAccessKeyId();
    assertThat(id).hasSize(20).startsWith("KD").matches("[A-Z2-7]+");
    assertThat(AccessKeys.newSecret()).hasSize(40);
    assertThat(AccessKeys.newAccessKeyId()).isNotEqualTo(id);
    assertThat(AccessKeys.isPlausibleId(id)).isTrue();
    assertThat(AccessKeys.isPlausibleId("short")).isFalse();
  }

  @Test
  void adminSignaturesVerifyOnlyForTheSameCallKeyAndTime() {
    Instant now = Instant.parse("2026-11-26T10:00:00Z");
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    byte[] body = {1, 2, 3};
    AdminAuth.sign(headers, "kdss.v1.AdminService/CreateUser", body, "KDID", "secret", now);
    AdminAuth.Signed signed = AdminAuth.parse(headers);
    assertThat(signed).isNotNull();
    assertThat(signed.day()).isEqualTo("20261126");
    byte[] key = SigningKeys.derive("secret", "20261126", AdminAuth.REGION, AdminAuth.SERVICE);
    assertThat(AdminAuth.verify(signed, key, "kdss.v1.AdminService/CreateUser", body, now.plusSeconds(60))).isTrue();
    assertThat(AdminAuth.verify(signed, key, "kdss.v1.AdminService/DeleteUser", body, now)).as("other method").isFalse();
    assertThat(AdminAuth.verify(signed, key, "kdss.v1.AdminService/CreateUser", new byte[] {1, 2}, now)).as("other body").isFalse();
    byte[] wrong = SigningKeys.derive("other", "20261126", AdminAuth.REGION, AdminAuth.SERVICE);
    assertThat(AdminAuth.verify(signed, wrong, "kdss.v1.AdminService/CreateUser", body, now)).as("other secret").isFalse();
    assertThat(AdminAuth.verify(signed, key, "kdss.v1.AdminService/CreateUser", body, now.plusSeconds(600))).as("stale").isFalse();
    assertThat(AdminAuth.parse(MultiMap.caseInsensitiveMultiMap())).isNull();
  }
}
