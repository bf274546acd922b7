package io.kdss.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSectionTest {

  private static ConfigSection yaml(String text) {
    return ConfigSection.root(YamlConfig.parse(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.yaml"));
  }

  @Test
  void unknownKeyIsNamedWithItsPathAndAHint() {
    ConfigSection root = yaml("s3:\n  prot: 9000\n");
    ConfigSection s3 = root.section("s3");
    s3.port("port", 9000, false);
    assertThatThrownBy(s3::finish)
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key 's3.prot': unknown key (did you mean 'port'?)")
        .extracting(e -> ((ConfigException) e).key()).isEqualTo("s3.prot");
  }

  @Test
  void badPortNamesTheKey() {
    assertThatThrownBy(() -> yaml("port: 70000").port("port", 1, false))
        .hasMessageContaining("'port'").hasMessageContaining("70000 is not a valid port");
    assertThatThrownBy(() -> yaml("port: http").port("port", 1, false))
        .hasMessageContaining("expected a port number, found 'http'");
    assertThat(yaml("port: 0").port("port", 1, true)).isZero();
  }

  @Test
  void typedValuesAndDefaults() {
    ConfigSection s = yaml("a: 12\nb: 'yes'\nc: 8GiB\nd: [x, y]\ne: 1MB\n");
    assertThat(s.integer("a", 0, 0, 100)).isEqualTo(12);
    assertThat(s.bool("b", false)).isTrue();
    assertThat(s.bytes("c", 0)).isEqualTo(8L << 30);
    assertThat(s.strings("d", List.of())).containsExactly("x", "y");
    assertThat(s.bytes("e", 0)).isEqualTo(1_000_000L);
    assertThat(s.string("missing", "dflt")).isEqualTo("dflt");
    s.finish();
  }

  @Test
  void outOfRangeAndWrongShapesFail() {
    assertThatThrownBy(() -> yaml("a: 200").integer("a", 0, 0, 100)).hasMessageContaining("out of range [0, 100]");
    assertThatThrownBy(() -> yaml("a: {x: 1}").string("a", null)).hasMessageContaining("expected a text value, found a mapping");
    assertThatThrownBy(() -> yaml("a: 3").section("a")).hasMessageContaining("expected a mapping");
    assertThatThrownBy(() -> yaml("a: [1, {b: 2}]").strings("a", null)).hasMessageContaining("'a[1]'");
    assertThatThrownBy(() -> yaml("a: 12XB").bytes("a", 0)).hasMessageContaining("is not a size");
  }

  @Test
  void listOfSectionsKeepsIndexInPaths() {
    ConfigSection s = yaml("disks:\n  - /dev/sdb\n  - {path: /dev/sdc, sise: 1}\n");
    List<ConfigSection> disks = s.sections("disks");
    assertThat(disks.get(0).requiredString("path")).isEqualTo("/dev/sdb");
    ConfigSection second = disks.get(1);
    second.requiredString("path");
    assertThatThrownBy(second::finish).hasMessageContaining("'disks[1].sise'");
  }

  @Test
  void duplicateKeysAndBrokenYamlAreRejected() {
    assertThatThrownBy(() -> yaml("a: 1\na: 2\n")).isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> yaml("- a\n- b\n")).hasMessageContaining("must be a YAML mapping");
  }

  @Test
  void nodeOptionsValidateRolesAndMasters() {
    assertThatThrownBy(() -> new NodeOptions(yaml("roles: [master, stroage]")))
        .hasMessageContaining("'roles[1]'").hasMessageContaining("'stroage' is not a role");
    assertThatThrownBy(() -> new NodeOptions(yaml("roles: [storage]")))
        .hasMessageContaining("'masters'");
    assertThatThrownBy(() -> new NodeOptions(yaml("roles: [s3]\nmasters: [nohost]")))
        .hasMessageContaining("'masters[0]'").hasMessageContaining("not host:port");
    NodeOptions ok = new NodeOptions(yaml("node: {id: n1}\nroles: [s3]\nmasters: ['10.0.0.1:7100']"));
    assertThat(ok.id()).isEqualTo("n1");
    assertThat(ok.mongo().embedded()).isTrue();
  }

  @Test
  void mongoUriMustBeEmbeddedOrMongodb() {
    ConfigSection root = ConfigSection.root(Map.of("mongo", Map.of("uri", "http://x")));
    assertThatThrownBy(() -> new MongoOptions(root.section("mongo"))).hasMessageContaining("'mongo.uri'");
  }

  @Test
  void byteSizeFormatsForHumans() {
    assertThat(ByteSize.format(512)).isEqualTo("512 B");
    assertThat(ByteSize.format(3L << 30)).isEqualTo("3.0 GiB");
  }
}
