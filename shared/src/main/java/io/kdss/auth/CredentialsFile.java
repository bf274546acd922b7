package io.kdss.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * An access key pair in the aws-cli credentials-file format, so
 * {@code AWS_SHARED_CREDENTIALS_FILE=data/credentials aws s3 ls} just works.
 */
public record CredentialsFile(String accessKeyId, String secretAccessKey) {

  public static final String PROFILE = "default";

  /** Writes the file readable by its owner only. */
  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    String text = "[" + PROFILE + "]\n"
        + "aws_access_key_id = " + accessKeyId + "\n"
        + "aws_secret_access_key = " + secretAccessKey + "\n";
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the file keeps the default permissions.
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** Reads the {@code [default]} profile (or the first one) of a credentials file. */
  public static Optional<CredentialsFile> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String id = null;
    String secret = null;
    String profile = null;
    for (String raw : lines) {
      String line = raw.trim();
      if (line.startsWith("[") && line.endsWith("]")) {
        if (id != null && secret != null) {
          break;
        }
        profile = line.substring(1, line.length() - 1).trim();
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0 || (profile != null && !profile.equals(PROFILE) && id != null)) {
        continue;
      }
      String k = line.substring(0, eq).trim();
      String v = line.substring(eq + 1).trim();
      if (k.equals("aws_access_key_id")) {
        id = v;
      } else if (k.equals("aws_secret_access_key")) {
        secret = v;
      }
    }
    return id == null || secret == null ? Optional.empty() : Optional.of(new CredentialsFile(id, secret));
  }

  @Override
  public String toString() {
    return "CredentialsFile[" + accessKeyId + ", secret hidden]";
  }
}
