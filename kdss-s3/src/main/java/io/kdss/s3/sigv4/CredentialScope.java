package io.kdss.s3.sigv4;

/**
 * The {@code Credential} of a SigV4 signature: {@code AKID/yyyyMMdd/region/service/aws4_request}.
 * {@link #scope()} is the part after the key id, as it appears in the string to sign.
 */
public record CredentialScope(String accessKeyId, String date, String region, String service) {

  public static final String TERMINATOR = "aws4_request";

  /** Parses a credential; null when it does not have the five parts (the caller picks the error). */
  public static CredentialScope parse(String credential) {
    String[] parts = credential.split("/", -1);
    if (parts.length != 5 || parts[0].isEmpty() || !TERMINATOR.equals(parts[4])
        || !parts[1].matches("\\d{8}") || parts[2].isEmpty() || parts[3].isEmpty()) {
      return null;
    }
    return new CredentialScope(parts[0], parts[1], parts[2], parts[3]);
  }

  public String scope() {
    return date + "/" + region + "/" + service + "/" + TERMINATOR;
  }
}
