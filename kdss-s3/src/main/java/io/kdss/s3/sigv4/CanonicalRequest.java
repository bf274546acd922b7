package io.kdss.s3.sigv4;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds the SigV4 canonical request of an S3 request:
 * <pre>
 * METHOD \n canonical-URI \n canonical-query \n canonical-headers \n signed-headers \n payload-hash
 * </pre>
 * The URI is the decoded path encoded once, slashes kept; the query is every parameter but
 * {@code excludeParam} (the presigned signature), names and values encoded, sorted by name then
 * value; headers are the signed ones, lower-case, values trimmed with inner runs of spaces
 * folded to one, repeated headers joined by commas.
 */
public final class CanonicalRequest {

  private CanonicalRequest() {
  }

  public static String build(SignableRequest request, List<String> signedHeaders, String payloadHash,
      String excludeParam) {
    StringBuilder sb = new StringBuilder(512);
    sb.append(request.method()).append('\n');
    sb.append(canonicalUri(request.rawPath())).append('\n');
    sb.append(canonicalQuery(request.query(), excludeParam)).append('\n');
    for (String name : signedHeaders) {
      List<String> values = request.headers().get(name);
      if (values == null) {
        throw new S3Exception(S3ErrorCode.AccessDenied,
            "The header '" + name + "' is listed in SignedHeaders but was not sent.");
      }
      sb.append(name).append(':');
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(trimAll(values.get(i)));
      }
      sb.append('\n');
    }
    sb.append('\n').append(String.join(";", signedHeaders)).append('\n').append(payloadHash);
    return sb.toString();
  }

  public static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    return UriEncoding.encode(UriEncoding.decode(rawPath, false), true);
  }

  public static String canonicalQuery(List<QueryParam> params, String excludeParam) {
    List<String[]> encoded = new ArrayList<>(params.size());
    for (QueryParam p : params) {
      if (!p.name().equals(excludeParam)) {
        encoded.add(new String[] {UriEncoding.encode(p.name(), false), UriEncoding.encode(p.value(), false)});
      }
    }
    encoded.sort(Comparator.<String[], String>comparing(e -> e[0]).thenComparing(e -> e[1]));
    StringBuilder sb = new StringBuilder();
    for (String[] e : encoded) {
      if (!sb.isEmpty()) {
        sb.append('&');
      }
      sb.append(e[0]).append('=').append(e[1]);
    }
    return sb.toString();
  }

  static String trimAll(String value) {
    StringBuilder sb = new StringBuilder(value.length());
    boolean space = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ' ' || c == '\t') {
        space = !sb.isEmpty();
      } else {
        if (space) {
          sb.append(' ');
          space = false;
        }
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
