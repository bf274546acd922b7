package io.kdss.s3.cors;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.policy.Wildcards;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CORS as S3 applies it, as pure functions: a preflight OPTIONS is answered from the first rule
 * whose AllowedOrigin (one {@code *} wildcard allowed), AllowedMethod and AllowedHeaders (every
 * requested header must match one, ignoring case) fit, else refused with AccessForbidden; an
 * actual request with an Origin gets the CORS headers of the first rule fitting its origin and
 * method, or none.
 */
public final class CorsEvaluator {

  private CorsEvaluator() {
  }

  /** The response headers of a preflight; throws BadRequest or AccessForbidden. */
  public static Map<String, String> preflight(CorsConfiguration config, String origin, String method,
      String requestHeaders) {
    if (origin == null || origin.isEmpty()) {
      throw new S3Exception(S3ErrorCode.BadRequest);
    }
    if (method == null || !CorsConfiguration.METHODS.contains(method)) {
      throw new S3Exception(S3ErrorCode.BadRequest, "Invalid Access-Control-Request-Method: " + method);
    }
    if (config == null) {
      throw new S3Exception(S3ErrorCode.AccessForbidden, "CORSResponse: CORS is not enabled for this bucket.");
    }
    List<String> wanted = splitHeaders(requestHeaders);
    for (CorsRule rule : config.rules()) {
      if (originMatches(rule, origin) && rule.allowedMethods().contains(method) && headersAllowed(rule, wanted)) {
        Map<String, String> h = common(rule, origin);
        if (!wanted.isEmpty()) {
          h.put("Access-Control-Allow-Headers", String.join(", ", wanted));
        }
        h.put("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
        return h;
      }
    }
    throw new S3Exception(S3ErrorCode.AccessForbidden);
  }

  /** The CORS headers for an actual request with an Origin header; empty when no rule fits. */
  public static Map<String, String> actual(CorsConfiguration config, String origin, String method) {
    if (config == null || origin == null || origin.isEmpty()) {
      return Map.of();
    }
    for (CorsRule rule : config.rules()) {
      if (originMatches(rule, origin) && rule.allowedMethods().contains(method)) {
        Map<String, String> h = common(rule, origin);
        h.put("Vary", "Origin");
        return h;
      }
    }
    return Map.of();
  }

  private static Map<String, String> common(CorsRule rule, String origin) {
    Map<String, String> h = new LinkedHashMap<>();
    boolean any = rule.allowedOrigins().contains("*");
    h.put("Access-Control-Allow-Origin", any ? "*" : origin);
    h.put("Access-Control-Allow-Methods", String.join(", ", rule.allowedMethods()));
    if (!any) {
      h.put("Access-Control-Allow-Credentials", "true");
    }
    if (!rule.exposeHeaders().isEmpty()) {
      h.put("Access-Control-Expose-Headers", String.join(", ", rule.exposeHeaders()));
    }
    if (rule.maxAgeSeconds() >= 0) {
      h.put("Access-Control-Max-Age", Integer.toString(rule.maxAgeSeconds()));
    }
    return h;
  }

  private static boolean originMatches(CorsRule rule, String origin) {
    for (String pattern : rule.allowedOrigins()) {
      if (Wildcards.matches(pattern.replace("?", "\u0000"), origin, true)) {
        return true;
      }
    }
    return false;
  }

  private static boolean headersAllowed(CorsRule rule, List<String> wanted) {
    for (String w : wanted) {
      boolean ok = false;
      for (String pattern : rule.allowedHeaders()) {
        if (Wildcards.matches(pattern.replace("?", "\u0000"), w, true)) {
          ok = true;
          break;
        }
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static List<String> splitHeaders(String header) {
    List<String> out = new ArrayList<>();
    if (header != null) {
      for (String h : header.split(",")) {
        String t = h.strip().toLowerCase(Locale.ROOT);
        if (!t.isEmpty()) {
          out.add(t);
        }
      }
    }
    return out;
  }
}
