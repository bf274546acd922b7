package io.kdss.storage.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdss.cli.KdssCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kdss format} through the real launcher: progress, refusals with reasons, --force. */
class FormatCommandTest {

  private static final String CLUSTER = "6c2f1d7e-0000-4000-8000-000000000001";

  @TempDir
  Path dir;

  private record Run(int code, String out, String err) {
  }

  private static Run kdss(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = KdssCli.run(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private Path file(String name, long size) throws Exception {
    Path p = dir.resolve(name);
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.setLength(size);
    }
    return p;
  }

  @Test
  void formatsABlankFileWithProgressAndRefusesToDoItAgainWithoutForce() throws Exception {
    Path disk = file("d.img", 256L << 20);
    Run first = kdss("format", "--cluster-id", CLUSTER, "--segment-size", "16MiB", "--node-id", "n1", disk.toString());
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("checking segments 100%").contains("done, disk").contains("15 segments");
    DiskFormatter.Found found = DiskFormatter.inspect(disk);
    assertThat(found.kdss().clusterId()).isEqualTo(UUID.fromString(CLUSTER));
    assertThat(found.kdss().nodeId()).isEqualTo("n1");

    Run again = kdss("format", "--cluster-id", CLUSTER, disk.toString());
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("already a KDSS disk of this cluster").contains("--force");

    Run other = kdss("format", "--cluster-id", UUID.randomUUID().toString(), disk.toString());
    assertThat(other.code()).isEqualTo(2);
    assertThat(other.err()).contains("KDSS disk of another cluster (" + CLUSTER);

    Run forced = kdss("format", "--cluster-id", UUID.randomUUID().toString(), "--segment-size", "16MiB", "--force",
        disk.toString());
    assertThat(forced.code()).isZero();
    assertThat(DiskFormatter.inspect(disk).kdss().diskId()).isNotEqualTo(found.kdss().diskId());
  }

  @Test
  void refusesAnotherFilesystemAndSaysWhich() throws Exception {
    Path disk = file("ext4.img", 64L << 20);
    Process mkfs = new ProcessBuilder("mkfs.ext4", "-q", "-F", disk.toString()).redirectErrorStream(true).start();
    assertThat(mkfs.waitFor()).isZero();
    Run r = kdss("format", "--cluster-id", CLUSTER, disk.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("refusing to format").contains("ext2/ext3/ext4 filesystem");
    assertThat(kdss("format", "--cluster-id", CLUSTER, "--segment-size", "4MiB", "--force", disk.toString()).code())
        .isZero();
  }

  @Test
  void explainsBadArguments() throws Exception {
    Path disk = file("d.img", 64L << 20);
    assertThat(kdss("format", disk.toString()).err()).contains("--cluster-id UUID, or --master HOST:PORT");
    assertThat(kdss("format", "--cluster-id", "nope", disk.toString()).err()).contains("is not a UUID");
    assertThat(kdss("format", "--cluster-id", CLUSTER, dir.resolve("missing").toString()).err())
        .contains("does not exist");
    assertThat(kdss("format", "--master", "127.0.0.1:1", disk.toString()).err()).contains("cannot reach master");
    Run help = kdss("format", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("--force").contains("--cluster-id").contains("DEVICE|FILE");
  }
}
