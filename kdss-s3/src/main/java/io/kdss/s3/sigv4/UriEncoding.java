package io.kdss.s3.sigv4;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding exactly as SigV4 canonicalisation wants it: every byte of the UTF-8 form
 * except the unreserved {@code A-Z a-z 0-9 - _ . ~} becomes {@code %XX} (upper-case hex), a
 * space is {@code %20} (never {@code +}), and {@code /} is kept in paths. S3 encodes the path
 * once (no double encoding, no dot-segment normalisation), unlike the other AWS services.
 */
public final class UriEncoding {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private UriEncoding() {
  }

  /** Encodes {@code s}; {@code keepSlash} for paths (object keys), false for query names/values. */
  public static String encode(String s, boolean keepSlash) {
    byte[] bytes = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!unreserved(c) && !(keepSlash && c == '/')) {
        bytes = s.getBytes(StandardCharsets.UTF_8);
        break;
      }
    }
    if (bytes == null) {
      return s;
    }
    StringBuilder out = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      char c = (char) (b & 0xFF);
      if (unreserved(c) || keepSlash && c == '/') {
        out.append(c);
      } else {
        out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
    }
    return out.toString();
  }

  private static boolean unreserved(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
        || c == '-' || c == '_' || c == '.' || c == '~';
  }

  /**
   * Decodes {@code %XX} escapes (and, in query strings, {@code +} as a space) into UTF-8 text.
   * A malformed escape or invalid UTF-8 is InvalidURI: a key that is not text cannot be stored.
   */
  public static String decode(String s, boolean plusIsSpace) {
    if (s.indexOf('%') < 0 && !(plusIsSpace && s.indexOf('+') >= 0)) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw invalid();
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw invalid();
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          utf8 = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.writeBytes(utf8);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new S3Exception(S3ErrorCode.InvalidURI, "Couldn't parse the specified URI: it is not valid UTF-8.");
    }
  }

  private static S3Exception invalid() {
    return new S3Exception(S3ErrorCode.InvalidURI, "Couldn't parse the specified URI: bad percent-escape.");
  }
}
