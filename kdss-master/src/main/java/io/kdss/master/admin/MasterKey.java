package io.kdss.master.admin;

import io.kdss.auth.SecretBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

/**
 * The cluster's master key, which seals secret access keys at rest. Taken from
 * {@code KDSS_MASTER_KEY} (base64 of 32 bytes), else from the file {@code KDSS_MASTER_KEY_FILE}
 * or {@code <dataDir>/master.key}, made on first start when absent. Every master of a cluster
 * needs the same key: copy the file, or set the variable.
 */
public final class MasterKey {

  public static final String ENV_KEY = "KDSS_MASTER_KEY";
  public static final String ENV_FILE = "KDSS_MASTER_KEY_FILE";
  public static final String DEFAULT_FILE = "master.key";

  private MasterKey() {
  }

  /** Where the key comes from and the key itself. */
  public record Loaded(byte[] key, String source, boolean created) {
  }

  public static Loaded load(Path dataDir, Map<String, String> env) {
    String inline = env.get(ENV_KEY);
    if (inline != null && !inline.isBlank()) {
      return new Loaded(decode(inline.trim(), ENV_KEY), ENV_KEY, false);
    }
    Path file = env.containsKey(ENV_FILE) ? Path.of(env.get(ENV_FILE)) : dataDir.resolve(DEFAULT_FILE);
    try {
      if (Files.exists(file)) {
        return new Loaded(decode(Files.readString(file).trim(), file.toString()), file.toString(), false);
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      byte[] key = SecretBox.newKey();
      Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardOpenOption.CREATE_NEW);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not POSIX: keep default permissions.
      }
      return new Loaded(key, file.toString(), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the master key " + file, e);
    }
  }

  private static byte[] decode(String text, String source) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("master key from " + source + " is not base64", e);
    }
    if (key.length != SecretBox.KEY_BYTES) {
      throw new IllegalStateException("master key from " + source + " must be " + SecretBox.KEY_BYTES
          + " bytes (base64 of 32 random bytes), is " + key.length);
    }
    return key;
  }
}
