package io.kdss.s3.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exception of the gateway: an {@link S3ErrorCode}, a message for the client, and
 * optional extra XML elements (S3 adds e.g. {@code StringToSign} to SignatureDoesNotMatch) and
 * response headers (InvalidRange carries {@code Content-Range: bytes *}{@code /size}).
 */
public final class S3Exception extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final S3ErrorCode code;
  private final Map<String, String> details = new LinkedHashMap<>();
  private final Map<String, String> headers = new LinkedHashMap<>();

  public S3Exception(S3ErrorCode code) {
    this(code, code.defaultMessage(), null);
  }

  public S3Exception(S3ErrorCode code, String message) {
    this(code, message, null);
  }

  public S3Exception(S3ErrorCode code, String message, Throwable cause) {
    super(message == null ? code.defaultMessage() : message, cause, false, cause != null);
    this.code = code;
  }

  public static S3Exception of(S3ErrorCode code) {
    return new S3Exception(code);
  }

  /** Wraps anything that is not already an S3Exception as an InternalError (a malformed policy as MalformedPolicy). */
  public static S3Exception from(Throwable t) {
    if (t instanceof S3Exception s) {
      return s;
    }
    if (t instanceof io.kdss.policy.MalformedPolicyException m) {
      return new S3Exception(S3ErrorCode.MalformedPolicy, m.getMessage());
    }
    return new S3Exception(S3ErrorCode.InternalError, S3ErrorCode.InternalError.defaultMessage(), t);
  }

  public S3ErrorCode code() {
    return code;
  }

  /** Adds an extra element to the error document, such as {@code ArgumentName}. */
  public S3Exception detail(String element, String value) {
    details.put(element, value);
    return this;
  }

  /** Adds a response header to the error response, such as {@code Content-Range}. */
  public S3Exception header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public Map<String, String> details() {
    return Collections.unmodifiableMap(details);
  }

  public Map<String, String> headers() {
    return Collections.unmodifiableMap(headers);
  }
}
