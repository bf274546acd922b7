package io.kdss.s3.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * The dev cluster's admin key pair: {@code KDSS_ACCESS_KEY}/{@code KDSS_SECRET_KEY} when both are
 * set; else the pair already in {@code <dataDir>/credentials} (a restart keeps its key); else a
 * new random pair, written there (mode 0600) in the aws-cli credentials-file format so
 * {@code AWS_SHARED_CREDENTIALS_FILE=<dataDir>/credentials aws s3 ls} works at once.
 */
public final class AdminCredentials {

  public static final String FILE_NAME = "credentials";
  public static final String ADMIN_USER = "admin";
  static final String ACCESS_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  /** Where the key came from, for the start-up message. */
  public enum Source { ENVIRONMENT, FILE, GENERATED }

  public record Resolved(AccessKey key, Source source, Path file) {
  }

  private AdminCredentials() {
  }

  public static Resolved resolve(Map<String, String> env, Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    String access = env.get("KDSS_ACCESS_KEY");
    String secret = env.get("KDSS_SECRET_KEY");
    if (access != null && !access.isBlank() && secret != null && !secret.isBlank()) {
      return new Resolved(new AccessKey(access.strip(), secret.strip(), ADMIN_USER, true), Source.ENVIRONMENT, null);
    }
    if (access != null || secret != null) {
      throw new IllegalArgumentException("set both KDSS_ACCESS_KEY and KDSS_SECRET_KEY, or neither");
    }
    if (Files.exists(file)) {
      return new Resolved(read(file), Source.FILE, file);
    }
    SecureRandom random = new SecureRandom();
    AccessKey key = new AccessKey("KDSS" + randomString(random, ACCESS_ALPHABET, 16),
        randomString(random, SECRET_ALPHABET, 40), ADMIN_USER, true);
    write(file, key);
    return new Resolved(key, Source.GENERATED, file);
  }

  /** The aws-cli credentials file body with a [default] profile. */
  public static String fileContent(AccessKey key) {
    return "[default]\naws_access_key_id = " + key.accessKeyId() + "\naws_secret_access_key = " + key.secretKey() + "\n";
  }

  static AccessKey read(Path file) {
    try {
      String access = null;
      String secret = null;
      boolean inDefault = false;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String l = line.strip();
        if (l.startsWith("[")) {
          inDefault = l.equals("[default]");
        } else if (inDefault && l.contains("=")) {
          String name = l.substring(0, l.indexOf('=')).strip();
          String value = l.substring(l.indexOf('=') + 1).strip();
          if (name.equals("aws_access_key_id")) {
            access = value;
          } else if (name.equals("aws_secret_access_key")) {
            secret = value;
          }
        }
      }
      if (access == null || secret == null) {
        throw new IllegalArgumentException(file + " has no [default] profile with aws_access_key_id and"
            + " aws_secret_access_key; fix or delete it (a new key pair is generated when it is absent)");
      }
      return new AccessKey(access, secret, ADMIN_USER, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void write(Path file, AccessKey key) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
        Files.createFile(tmp);
      }
      Files.write(tmp, List.of(fileContent(key).split("\n")), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String randomString(SecureRandom random, String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
