package io.kdss.s3.request;

import io.kdss.s3.sigv4.SignableRequest;
import io.kdss.s3.sigv4.UriEncoding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds the bucket and key of a request. Virtual-host style when the Host header is
 * {@code BUCKET.DOMAIN[:port]} for one of the configured base domains (longest first, so
 * {@code b.s3.localhost} with domains s3.localhost and localhost is bucket {@code b}); path
 * style ({@code /BUCKET/KEY}) otherwise, including for IP addresses and the bare domains.
 */
public final class S3RequestParser {

  private final List<String> domains;

  public S3RequestParser(List<String> baseDomains) {
    List<String> d = new ArrayList<>();
    for (String s : baseDomains) {
      d.add(s.toLowerCase(Locale.ROOT));
    }
    d.sort(Comparator.comparingInt(String::length).reversed());
    this.domains = List.copyOf(d);
  }

  public S3Request parse(SignableRequest r) {
    String hostBucket = virtualHostBucket(r.header("host"));
    String path = r.rawPath() == null || r.rawPath().isEmpty() ? "/" : r.rawPath();
    String bucket;
    String key;
    if (hostBucket != null) {
      bucket = hostBucket;
      key = path.length() > 1 ? UriEncoding.decode(path.substring(1), false) : null;
    } else {
      String rest = path.substring(1);
      int slash = rest.indexOf('/');
      String rawBucket = slash < 0 ? rest : rest.substring(0, slash);
      bucket = rawBucket.isEmpty() ? null : UriEncoding.decode(rawBucket, false);
      String rawKey = slash < 0 ? "" : rest.substring(slash + 1);
      key = rawKey.isEmpty() ? null : UriEncoding.decode(rawKey, false);
    }
    if (bucket != null) {
      BucketNames.validate(bucket);
    }
    if (key != null) {
      ObjectKeys.validate(key);
    }
    S3Operation op = OperationResolver.resolve(r, bucket != null, key != null);
    return new S3Request(r, bucket, key, hostBucket != null, op);
  }

  /** The bucket named by the Host header, or null for path-style addressing. */
  String virtualHostBucket(String host) {
    if (host == null) {
      return null;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      return null;
    }
    int colon = h.lastIndexOf(':');
    if (colon >= 0) {
      h = h.substring(0, colon);
    }
    if (domains.contains(h)) {
      return null;
    }
    for (String domain : domains) {
      if (h.length() > domain.length() + 1 && h.endsWith("." + domain)) {
        return h.substring(0, h.length() - domain.length() - 1);
      }
    }
    return null;
  }
}
