package io.kdss.s3.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SigV4 primitives as pure functions: signing key derivation, the strings to sign for a
 * request, an aws-chunked chunk and a trailer, and the HMAC-SHA256 signature itself.
 */
public final class SigV4Signer {

  public static final String ALGORITHM = "AWS4-HMAC-SHA256";
  public static final String CHUNK_ALGORITHM = "AWS4-HMAC-SHA256-PAYLOAD";
  public static final String TRAILER_ALGORITHM = "AWS4-HMAC-SHA256-TRAILER";
  /** SHA-256 of the empty string, the "previous headers" hash of every chunk's string to sign. */
  public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private SigV4Signer() {
  }

  /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
  public static byte[] signingKey(String secretKey, String date, String region, String service) {
    byte[] k = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, region);
    k = hmac(k, service);
    return hmac(k, CredentialScope.TERMINATOR);
  }

  public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
    return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
  }

  /** The string to sign of one aws-chunked chunk, chained to the previous signature. */
  public static String chunkStringToSign(String amzDate, String scope, String previousSignature, String chunkSha256Hex) {
    return CHUNK_ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + previousSignature + "\n" + EMPTY_SHA256 + "\n"
        + chunkSha256Hex;
  }

  /** The string to sign of the trailing headers, chained to the final (empty) chunk's signature. */
  public static String trailerStringToSign(String amzDate, String scope, String previousSignature, String trailerSha256Hex) {
    return TRAILER_ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + previousSignature + "\n" + trailerSha256Hex;
  }

  public static String signature(byte[] signingKey, String stringToSign) {
    return HexFormat.of().formatHex(hmac(signingKey, stringToSign));
  }

  public static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  public static String sha256Hex(byte[] data) {
    return HexFormat.of().formatHex(sha256().digest(data));
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Compares two signatures in time independent of where they differ. */
  public static boolean sameSignature(String expected, String provided) {
    return provided != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        provided.getBytes(StandardCharsets.US_ASCII));
  }
}
