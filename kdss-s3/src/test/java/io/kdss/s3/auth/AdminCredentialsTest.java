package io.kdss.s3.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dev admin key: from the environment, else kept in the data dir's aws-cli credentials file. */
class AdminCredentialsTest {

  @TempDir
  Path dir;

  @Test
  void environmentWins() {
    AdminCredentials.Resolved r = AdminCredentials.resolve(Map.of("KDSS_ACCESS_KEY", "AK", "KDSS_SECRET_KEY", "SK"), dir);
    assertThat(r.source()).isEqualTo(AdminCredentials.Source.ENVIRONMENT);
    assertThat(r.key()).isEqualTo(new AccessKey("AK", "SK", "admin", true));
    assertThat(dir.resolve("credentials")).doesNotExist();
    assertThatThrownBy(() -> AdminCredentials.resolve(Map.of("KDSS_ACCESS_KEY", "AK"), dir))
        .hasMessageContaining("set both KDSS_ACCESS_KEY and KDSS_SECRET_KEY");
  }

  @Test
  void generatedOnceThenReusedFromTheCredentialsFile() throws Exception {
    AdminCredentials.Resolved first = AdminCredentials.resolve(Map.of(), dir);
    assertThat(first.source()).isEqualTo(AdminCredentials.Source.GENERATED);
    assertThat(first.key().accessKeyId()).startsWith("KDSS").hasSize(20).matches("[A-Z0-9]+");
    assertThat(first.key().secretKey()).hasSize(40);
    Path file = dir.resolve("credentials");
    assertThat(Files.readString(file)).isEqualTo("[default]\naws_access_key_id = " + first.key().accessKeyId()
        + "\naws_secret_access_key = " + first.key().secretKey() + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    AdminCredentials.Resolved again = AdminCredentials.resolve(Map.of(), dir);
    assertThat(again.source()).isEqualTo(AdminCredentials.Source.FILE);
    assertThat(again.key()).isEqualTo(first.key());
  }

  @Test
  void aBrokenCredentialsFileIsReportedNotOverwritten() throws Exception {
    Files.writeString(dir.resolve("credentials"), "[other]\naws_access_key_id = X\n");
    assertThatThrownBy(() -> AdminCredentials.resolve(Map.of(), dir)).hasMessageContaining("has no [default] profile");
    assertThat(Files.readString(dir.resolve("credentials"))).contains("[other]");
  }
}
