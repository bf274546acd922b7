package io.kdss.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.config.ConfigException;
import io.kdss.config.ConfigSection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The s3: config section: defaults, sizes with units, virtual-host domains, the TLS pair, typos. */
class S3OptionsTest {

  private static S3Options parse(Map<String, Object> s3) {
    return new S3Options(ConfigSection.root(Map.of("s3", s3)).section("s3"));
  }

  @Test
  void defaults() {
    S3Options o = parse(Map.of());
    assertThat(o.port()).isEqualTo(9000);
    assertThat(o.region()).isEqualTo("us-east-1");
    assertThat(o.domains()).containsExactly("localhost", "s3.localhost");
    assertThat(o.maxObjectSize()).isEqualTo(5L << 30);
    assertThat(o.maxClockSkewSeconds()).isEqualTo(900);
    assertThat(o.tls()).isFalse();
  }

  @Test
  void valuesAndUnits() {
    S3Options o = parse(Map.of("domains", List.of("s3.example.com"), "maxObjectSize", "1GiB", "maxHeaderSize", "32KiB",
        "tls", Map.of("certPath", "/etc/kdss/cert.pem", "keyPath", "/etc/kdss/key.pem")));
    assertThat(o.domains()).containsExactly("s3.example.com");
    assertThat(o.maxObjectSize()).isEqualTo(1L << 30);
    assertThat(o.maxHeaderSize()).isEqualTo(32 * 1024);
    assertThat(o.tls()).isTrue();
    assertThat(o.tlsKeyPath()).isEqualTo("/etc/kdss/key.pem");
  }

  @Test
  void mistakesNameTheirKey() {
    assertThatThrownBy(() -> parse(Map.of("tls", Map.of("certPath", "/c.pem"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("s3.tls").hasMessageContaining("keyPath");
    assertThatThrownBy(() -> parse(Map.of("domain", "x"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("did you mean 'domains'");
  }
}
